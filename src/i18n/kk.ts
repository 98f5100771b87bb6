import type { Dictionary } from './translator.ts';

export default {
  'site.skipToContent': 'Негізгі мазмұнға өту',
  'site.languages': 'Тіл',
  'site.primaryNav': 'Негізгі мәзір',
  'site.footerNav': 'Сайт',
  'nav.home': 'Басты бет',
  'nav.letter': 'Хат',
  'nav.articles': 'Мән-жайы',
  'nav.timeline': 'Шежіре',
  'nav.about': 'Науқан туралы',
  'nav.faq': 'Сұрақ-жауап',
  'nav.privacy': 'Құпиялылық',
  'footer.contact': 'Байланыс: {email}',
  'footer.organizer': 'Ұйымдастырушы: {organizer}.',
  'footer.noTracking': 'Бұл сайт басқа сайттардан ештеңе жүктемейді, бақылау cookie файлдарын қоймайды және JavaScript-сіз жұмыс істейді.',
  'footer.feed': 'Мақалалар арнасы (RSS)',

  'home.readLetter': 'Хатты толық оқу',
  'home.signCta': 'Ұйымыңыздың атынан қол қою',
  'home.whoCanSign': 'Хатқа кез келген ұйым қол қоя алады: ҮЕҰ, БАҚ, ғылыми және білім беру мекемелері, кәсіби бірлестіктер мен компаниялар. Қолтаңба электрондық пошта арқылы расталғаннан кейін ғана есепке алынады.',
  'home.latestArticles': 'Мән-жайы',
  'home.allArticles': 'Барлық мақалалар',
  'home.timelineCta': 'Не болды: күн сайынғы шежіре',

  'letter.to': 'Кімге',
  'letter.status.upcoming': 'Қолтаңба жинау басталатын күн: {date}',
  'letter.status.open': 'Қолтаңбалар {date} дейін қабылданады',
  'letter.status.closed': 'Қолтаңба жинау аяқталды: {date}',
  'letter.status.delivered': 'Хат алушыларға тапсырылды: {date}',
  'letter.translationOf': 'Бұл — аударма. Түпнұсқа тілі: {language}.',
  'letter.readOriginal': 'Түпнұсқаны оқу',
  'letter.sign': 'Хатқа қол қою',

  'articles.title': 'Мән-жайы',
  'articles.intro': '2022 жылғы қаңтарда Қазақстанда не болды, интернет қалай өшірілді және оның маңызы неде.',
  'articles.published': 'Жарияланған күні: {date}',
  'articles.tags': 'Тақырыптар',
  'content.untranslated': 'Бұл мәтін әлі қазақ тіліне аударылмаған. Ол түпнұсқа тілінде көрсетілген: {language}.',
  'articles.related': 'Қатысты хат',
  'articles.readMore': '«{title}» оқу',

  'timeline.source': 'Дереккөз: {source}',
  'timeline.dayHeading': '{date}',

  'page.updated': 'Жаңартылған күні: {date}',

  'notFound.title': 'Бет табылмады',
  'notFound.body': 'Бұл мекенжайда бет жоқ. Ол басқа жерге көшірілген болуы мүмкін немесе сілтемеде қате бар.',
  'notFound.home': 'Басты бетке өту',

  'feed.title': '{campaign}: мән-жайы',
  'feed.description': '«{campaign}» науқанының мақалалары.',
} satisfies Dictionary;
