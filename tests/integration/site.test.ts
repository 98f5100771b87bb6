import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, type CrawlResult } from '../support/crawl.ts';
import { content, locales, pagePaths, prefix } from '../support/content.ts';
import { builtSiteUrl, projectRoot, startServer, type RunningServer } from '../support/server.ts';

const articlesDir = join(projectRoot, 'content', 'articles');

let server: RunningServer;
let crawled: CrawlResult;

beforeAll(async () => {
  server = await startServer();
  crawled = await crawl(server, '/');
});
afterAll(async () => {
  await server.stop();
});

/** Bytes on the wire for a GET, as a browser asking for compression receives them. */
function transferredBytes(url: string): Promise<{ bytes: number; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (res) => {
      let bytes = JSON.stringify(res.rawHeaders).length;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a reader browsing the campaign site', () => {
  it('finds every page in every language, each in its own language with hreflang alternates', async () => {
    for (const locale of locales) {
      for (const path of pagePaths) {
        const url = `${prefix(locale)}${path}`;
        const response = await server.fetch(url);
        expect(response.status, url).toBe(200);
        const document = parse(await response.text());
        expect(document.querySelector('html')?.getAttribute('lang'), url).toBe(locale);
        const hreflangs = document.querySelectorAll('link[rel="alternate"][hreflang]').map((link) => link.getAttribute('hreflang'));
        expect(hreflangs, url).toEqual(expect.arrayContaining(['en', 'ru', 'kk', 'x-default']));
        const alternate = document.querySelector(`link[rel="alternate"][hreflang="${locale}"]`)?.getAttribute('href');
        expect(alternate, url).toBe(new URL(url, builtSiteUrl).href);
      }
    }
  });

  it('follows every link and asset from the home page without meeting a broken one', () => {
    const broken = [...crawled.visited].filter(([, { status }]) => status !== 200).map(([path, { status, from }]) => `${status} ${path} (linked from ${from})`);
    expect(broken).toEqual([]);
    for (const locale of locales) for (const path of pagePaths) expect(crawled.visited.has(`${prefix(locale)}${path}`), `${prefix(locale)}${path} reachable by links`).toBe(true);
  });

  it('never makes a browser contact another origin', () => {
    // Share links are plain links to Telegram's and WhatsApp's share addresses, and an article's
    // sources link where the research notes give an address: a reader may follow one, nothing loads from them.
    const shareLink = /→ https:\/\/(?:t\.me\/share\/url|wa\.me\/)\?/;
    const sources = new Set(
      readdirSync(articlesDir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.md'))
        .flatMap((file) => [...readFileSync(join(articlesDir, file), 'utf8').matchAll(/^- \[[^\]]+\]\((https:\/\/[^)\s]+)\)$/gm)].map((match) => match[1]!)),
    );
    const sourceLink = (reference: string) => /^\/(?:ru\/|kk\/)?articles\/[^/]+\/ → /.test(reference) && sources.has(reference.split(' → ')[1]!);
    expect(sources.size).toBeGreaterThan(10);
    expect(crawled.foreign.filter((reference) => !shareLink.test(reference) && !sourceLink(reference))).toEqual([]);
    expect(crawled.foreign.some((reference) => shareLink.test(reference))).toBe(true);
    for (const [path, html] of crawled.html) {
      expect(html, path).not.toMatch(/<script/i);
      expect(html, path).not.toMatch(/@import|fonts\.googleapis|cdn\./i);
    }
  });

  it('switches language on the same page', async () => {
    const document = parse(await (await server.fetch('/ru/timeline/')).text());
    const switcher = document.querySelectorAll('nav.languages a').map((link) => [link.getAttribute('hreflang'), link.getAttribute('href')]);
    expect(switcher).toEqual([['en', '/timeline/'], ['ru', '/ru/timeline/'], ['kk', '/kk/timeline/']]);
  });

  it('loads the letter page in under 30 KB on the wire, HTML and CSS compressed', async () => {
    const letterPath = `/letters/${content.letters[0]}/`;
    const page = await transferredBytes(new URL(letterPath, server.url).href);
    expect(page.encoding).toMatch(/br|gzip/);
    const stylesheets = parse(crawled.html.get(letterPath)!).querySelectorAll('link[rel="stylesheet"]').map((link) => link.getAttribute('href')!);
    expect(stylesheets.length).toBeGreaterThan(0);
    let total = page.bytes;
    for (const href of stylesheets) total += (await transferredBytes(new URL(href, server.url).href)).bytes;
    console.info(`letter page transferred: ${total} bytes (HTML ${page.bytes})`);
    expect(total).toBeLessThan(30 * 1024);
  });

  it('shares pages with Open Graph and Twitter tags pointing at a real image', async () => {
    const document = parse(crawled.html.get(`/letters/${content.letters[0]}/`)!);
    const og = (property: string) => document.querySelector(`meta[property="og:${property}"]`)?.getAttribute('content');
    expect(og('title')).toBeTruthy();
    expect(og('description')).toBeTruthy();
    expect(og('type')).toBe('article');
    expect(document.querySelector('meta[name="twitter:card"]')?.getAttribute('content')).toBe('summary_large_image');
    const image = new URL(og('image')!);
    const response = await server.fetch(image.pathname);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  });
});

describe('feeds and the sitemap', () => {
  const xml = new XMLParser({ ignoreAttributes: false });

  it('serves one RSS feed per language listing every article', async () => {
    for (const locale of locales) {
      const response = await server.fetch(`${prefix(locale)}/rss.xml`);
      expect(response.status).toBe(200);
      const feed = xml.parse(await response.text());
      const items = [feed.rss.channel.item].flat();
      expect(feed.rss.channel.language).toBe(locale);
      expect(items.map((item: { link: string }) => new URL(item.link).pathname).sort()).toEqual(
        content.articles.map((slug) => `${prefix(locale)}/articles/${slug}/`).sort(),
      );
    }
  });

  it('lists every page in every language in the sitemap, with hreflang links', async () => {
    const response = await server.fetch('/sitemap.xml');
    expect(response.status).toBe(200);
    const urls = [xml.parse(await response.text()).urlset.url].flat() as { loc: string; 'xhtml:link'?: unknown[] }[];
    const paths = urls.map((url) => new URL(url.loc).pathname);
    for (const locale of locales) for (const path of pagePaths) expect(paths).toContain(`${prefix(locale)}${path}`);
    expect(urls.every((url) => Array.isArray(url['xhtml:link']) && url['xhtml:link'].length >= 1)).toBe(true);
    const robots = await (await server.fetch('/robots.txt')).text();
    expect(robots).toContain(`Sitemap: ${new URL('/sitemap.xml', builtSiteUrl).href}`);
  });
});

describe('the server', () => {
  it('reports its health with the database checked', async () => {
    const response = await server.fetch('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('answers an unknown address with a 404 page in the language of the address', async () => {
    for (const locale of locales) {
      const response = await server.fetch(`${prefix(locale)}/no-such-page/`);
      expect(response.status).toBe(404);
      expect(parse(await response.text()).querySelector('html')?.getAttribute('lang')).toBe(locale);
    }
    expect((await server.fetch('/fr/')).status).toBe(404);
  });

  it('sends security headers with pages and static files alike', async () => {
    const stylesheet = parse(crawled.html.get('/')!).querySelector('link[rel="stylesheet"]')!.getAttribute('href')!;
    for (const path of ['/', '/about/', stylesheet, '/healthz']) {
      const response = await server.fetch(path);
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('creates and migrates its SQLite file on first start', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(server.databasePath)).toBe(true);
    expect(server.logs.some((line) => line.includes('"database.ready"'))).toBe(true);
  });
});
