import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { locales } from './i18n/locales.ts';

// Tests point CONTENT_DIR at a fixture; a deployment edits ./content.
const contentDir = process.env.CONTENT_DIR ?? './content';

const localized = z.strictObject({ en: z.string().min(1), ru: z.string().min(1), kk: z.string().min(1) });

const campaign = defineCollection({
  loader: file(`${contentDir}/campaign.yaml`),
  schema: z.strictObject({
    name: localized,
    tagline: localized,
    organizer: localized,
    contactEmail: z.email(),
    defaultLetter: z.string().min(1),
    /**
     * Organizations whose names only staff may publish: a sign-up naming one of them (or a name that
     * looks like it) waits for review, whatever its domain. Any language; one name per line.
     */
    wellKnownOrganizations: z.array(z.string().min(2).max(200)).default([]),
    /** How many days the campaign team usually takes to check an entry that waits for review: signers are told it. */
    reviewWithinDays: z.number().int().min(1).max(60).default(3),
  }),
});

/** content/letters/<slug>/<locale>.md: one letter, one file per language. */
const letters = defineCollection({
  loader: glob({ pattern: '*/*.md', base: `${contentDir}/letters` }),
  schema: z
    .strictObject({
      title: z.string().min(1).max(120),
      summary: z.string().min(1).max(400),
      recipients: z.array(z.string().min(1)).min(1),
      opensAt: z.coerce.date(),
      closesAt: z.coerce.date(),
      deliveredAt: z.coerce.date().optional(),
      /** An embargo: signatures are collected, but the list stays hidden until then (the count shows). */
      signatoriesPublicAt: z.coerce.date().optional(),
      canonicalLocale: z.enum(locales),
      /** How many organizations the campaign hopes for: the home and letter pages then show progress towards it. */
      goal: z.number().int().positive().optional(),
      /** Publish a verified signature at once, or only after staff approve it. */
      publication: z.enum(['on-verification', 'after-approval']).default('on-verification'),
    })
    .refine((letter) => letter.closesAt > letter.opensAt, {
      error: 'closesAt must be later than opensAt',
      path: ['closesAt'],
    }),
});

/** content/articles/<locale>/<slug>.md: the same slug in each language is one article. */
const articles = defineCollection({
  loader: glob({ pattern: '*/*.md', base: `${contentDir}/articles` }),
  schema: z.strictObject({
    title: z.string().min(1).max(120),
    date: z.coerce.date(),
    summary: z.string().min(1).max(400),
    tags: z.array(z.string().min(1)).default([]),
    letter: z.string().min(1).optional(),
  }),
});

/** content/pages/<locale>/<page>.md: about, privacy, faq. */
const pages = defineCollection({
  loader: glob({ pattern: '*/*.md', base: `${contentDir}/pages` }),
  schema: z.strictObject({
    title: z.string().min(1).max(120),
    description: z.string().min(1).max(300),
    updated: z.coerce.date(),
  }),
});

/** content/timeline/<locale>.md: dated events in the frontmatter, an introduction in the body. */
const timeline = defineCollection({
  loader: glob({ pattern: '*.md', base: `${contentDir}/timeline` }),
  schema: z.strictObject({
    title: z.string().min(1).max(120),
    summary: z.string().min(1).max(400),
    events: z
      .array(
        z.strictObject({
          date: z.coerce.date(),
          time: z.string().min(1).optional(),
          title: z.string().min(1).max(120),
          text: z.string().min(1),
          source: z.string().min(1),
        }),
      )
      .min(1),
  }),
});

export const collections = { campaign, letters, articles, pages, timeline };
