import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './server.ts';

export const locales = ['en', 'ru', 'kk'] as const;
export type Locale = (typeof locales)[number];

const contentDir = join(projectRoot, 'content');
const names = (dir: string) => readdirSync(join(contentDir, dir)).map((file) => file.replace(/\.md$/, ''));

/** What content/ holds, read from the files themselves rather than from the site. */
export const content = {
  letters: names('letters'),
  articles: [...new Set(locales.flatMap((locale) => names(`articles/${locale}`)))],
  pages: [...new Set(locales.flatMap((locale) => names(`pages/${locale}`)))],
};

export const prefix = (locale: Locale) => (locale === 'en' ? '' : `/${locale}`);

/** Every public page path, in the default locale. */
export const pagePaths = [
  '/',
  '/articles/',
  '/timeline/',
  ...content.letters.map((slug) => `/letters/${slug}/`),
  ...content.articles.map((slug) => `/articles/${slug}/`),
  ...content.pages.map((name) => `/${name}/`),
];
