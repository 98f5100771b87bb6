import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/database.ts';
import { formFields, formStamp, letterSlug, signUp, submitForm } from '../support/forms.ts';
import { projectRoot, startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp, type SmtpCapture } from '../support/smtp.ts';
import { postAs, signInAs } from '../support/staff.ts';

const staffEmail = 'staff@campaign.example';
let smtp: SmtpCapture;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0', TRUST_PROXY: '1', STAFF_EMAILS: staffEmail });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const statusOf = (email: string) => query<{ status: string }>(server.databasePath, 'select status from signatures where email = ?', email)[0]?.status;
const letterPage = `/letters/${letterSlug}/`;

/** The confirm form as its page shows it, ready to post: what the signer would press. */
async function confirmForm(email: string) {
  const mail = await smtp.waitFor((candidate) => candidate.to.includes(email) && /\/confirm\/\?token=/.test(candidate.text));
  const link = linkIn(mail, '/confirm/');
  return formFields(await (await server.fetch(link.pathname + link.search)).text(), '_action=confirm');
}

/** `npm run purge` from another process, writing to the same file while the server writes. */
function purgeInAnotherProcess(): Promise<number | null> {
  const child = spawn(process.execPath, ['src/cli/purge.ts', '--older-than', '90'], { cwd: projectRoot, env: { PATH: process.env.PATH, DATABASE_PATH: server.databasePath }, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', resolve));
}

describe('confirmations and staff decisions during a rush of sign-ups', () => {
  it('all succeed: 60 confirms and 20 approvals while 200 clients sign, and another process purges', async () => {
    const confirming = Array.from({ length: 60 }, (_, n) => signUp({ organization: `Rush Confirm ${n}`, email: `office@rushconfirm${n}.kz`, website: `rushconfirm${n}.kz` }));
    const reviewed = Array.from({ length: 20 }, (_, n) => signUp({ organization: `Rush Review ${n}`, email: `rushreview${n}@gmail.com`, website: `rushreview${n}.kz` }));
    const stamp = await formStamp(server, letterPage);
    for (const [n, fields] of [...confirming, ...reviewed].entries()) {
      await submitForm(server, `${letterPage}?_action=sign`, { started: stamp, ...fields }, { headers: { 'X-Forwarded-For': `192.0.2.${n + 1}` } });
    }
    const forms = await Promise.all(confirming.map((fields) => confirmForm(fields.email!)));
    for (const fields of reviewed) {
      const form = await confirmForm(fields.email!);
      await postAs(server, '', form.action, form.fields);
    }
    expect(reviewed.map((fields) => statusOf(fields.email!))).toEqual(reviewed.map(() => 'verified'));
    const ids = reviewed.map((fields) => query<{ id: number }>(server.databasePath, 'select id from signatures where email = ?', fields.email)[0]!.id);
    const staff = await signInAs(server, smtp, staffEmail);

    const started = await formStamp(server, letterPage);
    let signed = 0;
    const answers: number[] = [];
    const signer = async (client: number) => {
      for (let round = 0; round < 3; round++) {
        const n = signed++;
        const response = await server.fetch(`${letterPage}?_action=sign`, {
          method: 'POST',
          headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': `2001:db8:${client.toString(16)}:${round}::1` },
          body: new URLSearchParams({ started, ...signUp({ organization: `Crowd ${n}`, email: `crowd${n}@crowd${n}.kz`, website: `crowd${n}.kz` }) }),
        });
        answers.push(response.status);
      }
    };
    const [, confirms, approvals, purges] = await Promise.all([
      Promise.all(Array.from({ length: 200 }, (_, client) => signer(client))),
      Promise.all(forms.map(async ({ action, fields }) => (await postAs(server, '', action, fields)).status)),
      Promise.all(ids.map(async (id) => (await postAs(server, staff, `/admin/entries/${id}/?_action=moderate`, { letter: letterSlug, ids: String(id), decision: 'approve' })).status)),
      Promise.all([purgeInAnotherProcess(), purgeInAnotherProcess()]),
    ]);

    expect(answers.filter((status) => status !== 303)).toEqual([]);
    expect(query<{ n: number }>(server.databasePath, "select count(*) as n from signatures where organization like 'Crowd %'")[0]!.n).toBe(600);
    expect(confirms.filter((status) => status !== 303)).toEqual([]);
    expect(confirming.map((fields) => statusOf(fields.email!))).toEqual(confirming.map(() => 'published'));
    expect(approvals.filter((status) => status !== 303)).toEqual([]);
    expect(reviewed.map((fields) => statusOf(fields.email!))).toEqual(reviewed.map(() => 'published'));
    expect(purges).toEqual([0, 0]);
    expect(server.logs.filter((line) => /"level":"error"|database is locked|SQLITE_BUSY/.test(line))).toEqual([]);
  });
});
