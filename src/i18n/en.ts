/**
 * The English dictionary: the source every translation must match key for key
 * (checked by TypeScript in `astro check` and by zod when the server loads).
 * `{name}` is replaced by a value; an object with plural categories picks by count.
 */
export default {
  'site.skipToContent': 'Skip to content',
  'site.languages': 'Language',
  'site.primaryNav': 'Main',
  'site.footerNav': 'Site',
  'nav.home': 'Home',
  'nav.letter': 'The letter',
  'nav.articles': 'Background',
  'nav.timeline': 'Timeline',
  'nav.about': 'About',
  'nav.faq': 'FAQ',
  'nav.privacy': 'Privacy',
  'footer.contact': 'Contact: {email}',
  'footer.organizer': 'Organized by {organizer}.',
  'footer.noTracking': 'This site loads nothing from other websites, sets no tracking cookies and works without JavaScript.',
  'footer.feed': 'Articles feed (RSS)',

  'home.readLetter': 'Read the full letter',
  'home.signCta': 'Sign for your organization',
  'home.whoCanSign': 'Organizations of every kind can sign: NGOs, media, academic institutions, professional associations and companies. Each signature is confirmed by email before it counts.',
  'home.latestArticles': 'Background',
  'home.allArticles': 'All background articles',
  'home.timelineCta': 'What happened, day by day',

  'letter.to': 'To',
  'letter.status.upcoming': 'Opens for signatures on {date}',
  'letter.status.open': 'Open for signatures until {date}',
  'letter.status.closed': 'Closed for signatures on {date}',
  'letter.status.delivered': 'Delivered to the recipients on {date}',
  'letter.translationOf': 'This is a translation. The original text is in {language}.',
  'letter.readOriginal': 'Read the original',
  'letter.sign': 'Sign the letter',

  'articles.title': 'Background',
  'articles.intro': 'What happened in Kazakhstan in January 2022, how the internet was cut, and why it matters.',
  'articles.published': 'Published {date}',
  'articles.tags': 'Topics',
  'content.untranslated': 'This text has not been translated into English yet. It is shown in its original language, {language}.',
  'articles.related': 'Related letter',
  'articles.readMore': 'Read “{title}”',

  'timeline.source': 'Source: {source}',
  'timeline.dayHeading': '{date}',

  'page.updated': 'Last updated {date}',

  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at this address. It may have moved, or the link may be mistyped.',
  'notFound.home': 'Go to the home page',

  'feed.title': '{campaign}: background',
  'feed.description': 'Background articles from the {campaign} campaign.',
} as const;
