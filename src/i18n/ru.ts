import type { Dictionary } from './translator.ts';

export default {
  'site.skipToContent': 'Перейти к содержанию',
  'site.languages': 'Язык',
  'site.primaryNav': 'Основное меню',
  'site.footerNav': 'Сайт',
  'nav.home': 'Главная',
  'nav.letter': 'Письмо',
  'nav.articles': 'Контекст',
  'nav.timeline': 'Хроника',
  'nav.about': 'О кампании',
  'nav.faq': 'Вопросы и ответы',
  'nav.privacy': 'Конфиденциальность',
  'footer.contact': 'Связаться с нами: {email}',
  'footer.organizer': 'Организатор: {organizer}.',
  'footer.noTracking': 'Сайт ничего не загружает с других сайтов, не ставит отслеживающих cookie и работает без JavaScript.',
  'footer.feed': 'Лента статей (RSS)',

  'home.readLetter': 'Прочитать письмо целиком',
  'home.signCta': 'Подписать от имени организации',
  'home.whoCanSign': 'Подписать письмо может любая организация: НКО, СМИ, научные и учебные заведения, профессиональные объединения и компании. Подпись засчитывается после подтверждения по электронной почте.',
  'home.latestArticles': 'Контекст',
  'home.allArticles': 'Все статьи',
  'home.timelineCta': 'Что происходило день за днём',

  'letter.to': 'Кому',
  'letter.status.upcoming': 'Сбор подписей начнётся {date}',
  'letter.status.open': 'Подписи принимаются до {date}',
  'letter.status.closed': 'Сбор подписей завершён {date}',
  'letter.status.delivered': 'Письмо передано адресатам {date}',
  'letter.translationOf': 'Это перевод. Оригинал написан на языке: {language}.',
  'letter.readOriginal': 'Читать оригинал',
  'letter.sign': 'Подписать письмо',

  'articles.title': 'Контекст',
  'articles.intro': 'Что произошло в Казахстане в январе 2022 года, как отключали интернет и почему это важно.',
  'articles.published': 'Опубликовано {date}',
  'articles.tags': 'Темы',
  'content.untranslated': 'Этот текст ещё не переведён на русский язык. Он показан на языке оригинала: {language}.',
  'articles.related': 'Письмо по теме',
  'articles.readMore': 'Читать «{title}»',

  'timeline.source': 'Источник: {source}',
  'timeline.dayHeading': '{date}',

  'page.updated': 'Обновлено {date}',

  'notFound.title': 'Страница не найдена',
  'notFound.body': 'По этому адресу нет страницы. Возможно, она переехала или в ссылке опечатка.',
  'notFound.home': 'Перейти на главную',

  'feed.title': '{campaign}: контекст',
  'feed.description': 'Статьи кампании «{campaign}».',
} satisfies Dictionary;
