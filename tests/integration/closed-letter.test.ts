import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCounts } from '../support/database.ts';
import { letterSlug, signUp, submitForm } from '../support/forms.ts';
import { copyProject, runAstro } from '../support/fixture-project.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = copyProject();
  for (const locale of ['en', 'ru', 'kk']) {
    const file = join(root, `content/letters/${letterSlug}/${locale}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^opensAt: .*$/m, 'opensAt: 2025-01-01T00:00:00Z').replace(/^closesAt: .*$/m, 'closesAt: 2025-06-30T23:59:59Z'));
  }
  const build = runAstro(root, 'build');
  if (build.status !== 0) throw new Error(build.output);
  server = await startServer({ SIGN_MIN_SECONDS: '0' }, root);
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a letter whose signing has closed', () => {
  it('shows a notice instead of the form, and no call to sign on the home page', async () => {
    const page = parse(await (await server.fetch(`/letters/${letterSlug}/`)).text());
    expect(page.querySelector('.letter-status')?.text.trim()).toBe('Closed for signatures on 30 June 2025');
    expect(page.querySelector('form.sign-form')).toBeNull();
    expect(page.querySelector('#sign')?.text).toContain('Signing this letter has closed.');
    const home = parse(await (await server.fetch('/')).text());
    expect(home.querySelector('a.button')).toBeNull();
  });

  it('refuses a sign-up posted anyway, and writes nothing', async () => {
    const before = writeCounts(server.databasePath);
    const result = await submitForm(server, `/letters/${letterSlug}/sign/?_action=sign`, { started: '0.x', ...signUp() });
    expect(result.status).toBe(303);
    expect(writeCounts(server.databasePath)).toEqual(before);
    const sign = parse(result.html).querySelector('#sign');
    expect(sign?.text).toContain('Signing this letter has closed.');
  });
});
