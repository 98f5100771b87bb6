import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { localeParams, localePath } from '#i18n/locales.ts';
import { getCampaign } from '#lib/content/campaign.ts';
import { listArticles } from '#lib/content/articles.ts';

export const prerender = true;
export const getStaticPaths = localeParams;

/** One feed per language: the articles as a reader of that language sees them. */
export const GET: APIRoute = async ({ locals, site }) => {
  const { locale, t } = locals;
  const campaign = await getCampaign(locale);
  const articles = await listArticles(locale);
  return rss({
    title: t('feed.title', { campaign: campaign.name }),
    description: t('feed.description', { campaign: campaign.name }),
    site: new URL(localePath(locale, '/'), site),
    customData: `<language>${locale}</language>`,
    items: articles.map((article) => ({
      title: article.entry.data.title,
      description: article.entry.data.summary,
      pubDate: article.entry.data.date,
      link: localePath(locale, `/articles/${article.slug}/`),
      categories: article.entry.data.tags,
    })),
  });
};
