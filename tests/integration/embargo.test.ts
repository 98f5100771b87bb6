import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterSlug, sign, signUp, submitPageForm } from '../support/forms.ts';
import { copyProject, runAstro } from '../support/fixture-project.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { linkIn, startSmtp, type SmtpCapture } from '../support/smtp.ts';

let root: string;
let server: RunningServer;
let smtp: SmtpCapture;

beforeAll(async () => {
  root = copyProject();
  for (const locale of ['en', 'ru', 'kk']) {
    const file = join(root, `content/letters/${letterSlug}/${locale}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^closesAt: .*$/m, (line) => `${line}\nsignatoriesPublicAt: 2027-06-01T00:00:00Z`));
  }
  const build = runAstro(root, 'build');
  if (build.status !== 0) throw new Error(build.output);
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' }, root);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a letter whose list is under embargo', () => {
  it('collects and counts signatures but shows nobody until the date, in no page and no export', async () => {
    const fields = signUp({ organization: 'Embargoed Alliance', email: 'desk@embargoed.kz', website: 'embargoed.kz' });
    await sign(server, fields);
    await submitPageForm(server, linkIn(await smtp.waitFor((mail) => mail.to.includes('desk@embargoed.kz')), '/confirm/'), '_action=confirm');

    for (const path of [`/letters/${letterSlug}/`, `/letters/${letterSlug}/signatories/`, `/ru/letters/${letterSlug}/signatories/`]) {
      const page = await (await server.fetch(path)).text();
      expect(page, path).not.toContain('Embargoed Alliance');
      expect(page, path).toMatch(/1 organization has signed|1 организация подписала/);
    }
    expect(await (await server.fetch(`/letters/${letterSlug}/signatories/`)).text()).toContain('The list of signatories will be published on 1 June 2027');
    for (const format of ['json', 'csv']) {
      const response = await server.fetch(`/letters/${letterSlug}/signatories.${format}`);
      expect(response.status, format).toBe(404);
      expect(await response.text()).not.toContain('Embargoed Alliance');
    }
  });
});
