import { readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, runAstro } from '../support/fixture-project.ts';
import { startServer } from '../support/server.ts';

const copies: string[] = [];
afterAll(() => copies.forEach((root) => rmSync(root, { recursive: true, force: true })));

function projectWith(change: (root: string) => void): string {
  const root = copyProject();
  copies.push(root);
  change(root);
  return root;
}

const edit = (file: string, from: RegExp | string, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

describe('an editor who breaks a content file', () => {
  it('gets a failed build naming the file and the field with a bad value', () => {
    const root = projectWith((dir) => edit(join(dir, 'content/articles/en/the-shutdown-day-by-day.md'), /^date: .*$/m, 'date: next tuesday'));
    const { status, output } = runAstro(root, 'build');
    expect(status).not.toBe(0);
    expect(output).toContain('the-shutdown-day-by-day.md');
    expect(output).toContain('does not match collection schema');
    expect(output).toMatch(/\bdate\b.*Expected type `"date"`/);
  });

  it('gets a failed build naming a misspelt field', () => {
    const root = projectWith((dir) => edit(join(dir, 'content/letters/keep-kazakhstan-online/ru.md'), /^closesAt:/m, 'closes_at:'));
    const { status, output } = runAstro(root, 'build');
    expect(status).not.toBe(0);
    expect(output).toContain('keep-kazakhstan-online/ru');
    expect(output).toContain('closes_at');
  });

  it('gets a failed build naming a file whose language is not a site language', () => {
    const root = projectWith((dir) =>
      renameSync(join(dir, 'content/letters/keep-kazakhstan-online/kk.md'), join(dir, 'content/letters/keep-kazakhstan-online/fr.md')),
    );
    const { status, output } = runAstro(root, 'build');
    expect(status).not.toBe(0);
    expect(output).toContain('content/letters/keep-kazakhstan-online/fr.md');
    expect(output).toContain('not a site language');
  });
});

describe('an article that has not been translated yet', () => {
  it('is listed and readable in every language, in its original language with a note in the reader’s', async () => {
    const root = projectWith((dir) =>
      writeFileSync(
        join(dir, 'content/articles/en/a-report-from-almaty.md'),
        '---\ntitle: "A report from Almaty"\ndate: 2026-11-27\nsummary: "Only in English for now."\ntags: ["report"]\n---\n\nThis article exists only in English.\n',
      ),
    );
    const build = runAstro(root, 'build');
    expect(build.status, build.output).toBe(0);
    const server = await startServer({}, root);
    try {
      const page = parse(await (await server.fetch('/kk/articles/a-report-from-almaty/')).text());
      expect(page.querySelector('html')?.getAttribute('lang')).toBe('kk');
      expect(page.querySelector('h1')?.getAttribute('lang')).toBe('en');
      expect(page.querySelector('.prose')?.getAttribute('lang')).toBe('en');
      expect(page.querySelector('[role="note"]')?.text).toContain('қазақ тіліне аударылмаған');
      expect(page.querySelectorAll('link[rel="alternate"][hreflang]').map((link) => link.getAttribute('hreflang'))).toEqual(['en', 'x-default']);

      const list = parse(await (await server.fetch('/ru/articles/')).text());
      const card = list.querySelectorAll('.card').find((element) => element.text.includes('A report from Almaty'));
      expect(card?.querySelector('h2')?.getAttribute('lang')).toBe('en');
      expect(card?.text).toContain('английский');
    } finally {
      await server.stop();
    }
  });
});
