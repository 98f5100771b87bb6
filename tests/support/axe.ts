import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

type AxeResults = { passes: unknown[]; violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };

/**
 * Runs axe-core (WCAG 2.0–2.2 A/AA and best practices) on the page as it is now. The page's
 * context must be created with `bypassCSP: true`: the site itself allows no script at all.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  // A run that checked nothing would pass too: make sure axe really looked at the page.
  expect(results.passes.length).toBeGreaterThan(10);
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
