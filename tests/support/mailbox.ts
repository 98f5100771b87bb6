import type { Page } from 'playwright-core';

/** Every link to `path` in the dev mailbox for an address, newest first. */
export async function mailboxLinks(page: Page, siteUrl: string, email: string, path: RegExp): Promise<string[]> {
  await page.goto(`${siteUrl}/dev/mailbox/`);
  const links = page.locator('article.card', { hasText: email }).getByRole('link', { name: path });
  return Promise.all((await links.all()).map(async (link) => (await link.getAttribute('href'))!));
}

/** The newest link to `path` for an address that is not among `seen`, reloading until its mail has been "sent". */
export async function mailboxLink(page: Page, siteUrl: string, email: string, path: RegExp, seen: string[] = []): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const fresh = (await mailboxLinks(page, siteUrl, email, path)).find((href) => !seen.includes(href));
    if (fresh) return fresh;
    await page.waitForTimeout(200);
  }
  throw new Error(`no new mail to ${email} with a link to ${path}`);
}
