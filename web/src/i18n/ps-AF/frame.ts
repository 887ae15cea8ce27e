// Pashto (ps-AF) texts of the frame of every page (header, languages, quick exit, footer), loading, errors, the page not found.
// Every string awaits review by Afghan speakers — see ../status.json.
import type { TextsOf } from '../en/frame.ts';

export default {
  'frame.brand': 'جرګه',
  'frame.skip': 'منځپانګې ته تګ',
  'frame.languages': 'ژبه',
  'frame.quickExit': 'بېړنی وتل',
  'frame.quickExitHelp': 'سمدستي له دې ویبپاڼې یوې بې‌طرفه پاڼې ته ووځئ، پرته له دې چې «شاته» تڼۍ بېرته دلته راولي (یا Shift + Escape)',
  'frame.privacy': 'هېڅ تعقیب نشته او نورو سایټونو ته غوښتنه نه استول کېږي. ستاسو د رایې پټ کوډ او انتخابونه هېڅکله له دې وسیلې نه وځي، بې له دې چې کوډ شي.',
  'frame.organisers': 'د تنظیموونکو لپاره',
  'frame.help': 'لارښود',
  'frame.submitBallot': 'د سپارل شوې رایې پاڼې اچول',
  'frame.helpLink': 'د دې پړاو لارښود',

  'common.loading': 'لږ صبر وکړئ…',
  'common.notTranslated': 'نه دی ژباړل شوی',
  'common.retry': 'بیا هڅه وکړئ',

  'error.network': 'سرور ته لاسرسی ونه شو، یا یې ځواب په لاره کې ورک شو. خپل اتصال وګورئ او بیا هڅه وکړئ.',
  'error.notFound': 'ونه موندل شو. کېدای شي لینک غلط لیکل شوی وي یا زوړ شوی وي.',
  'error.login': 'مهرباني وکړئ لومړی ننوځئ.',
  'error.forbidden': 'په دې لینک یا کوډ د دې کار اجازه نشته.',
  'error.conflict': 'دا کار د ټاکنو په دې پړاو کې نه کېږي.',
  'error.refused': 'سرور غوښتنه ونه منله.',
  'error.unexpected': 'یوه ستونزه پېښه شوه.',
  'error.votingClosed': 'رایه ورکول پای ته رسېدلي دي: ستاسو رایه ثبت نه شوه.',
  'error.votingNotStarted': 'رایه ورکول لا نه دي پیل شوي: ستاسو رایه ثبت نه شوه.',
  'error.unknownCredential': 'دا پټ کوډ د دې ټاکنو په لېست کې نشته: ستاسو رایه ثبت نه شوه. هغه پټ کوډ بیا وګورئ چې تاسو ته درکړل شوی.',
  'error.replayedBallot': 'همدا د رایې پاڼه مخکې اچول شوې ده. د بیا رایې ورکولو لپاره د رایې یوه نوې پاڼه چمتو کړئ.',
  'error.invalidBallot': 'سرور دا د رایې پاڼه ناسمه وموندله او ثبت یې نه کړه.',

  'notFound.title': 'دا پاڼه نشته',
  'notFound.home': 'د رایه اچونو لېست ته ورشئ',
  'frame.outboxTitle': 'په دې وسیله کې ساتل شوې د رایې پاڼې',
  'frame.outboxWaiting': 'د رایې یوه مهر شوې پاڼه په دې وسیله کې ساتل شوې ده: څنګه چې انټرنېټ بېرته راشي، د رایو صندوق ته لېږل کېږي. د هغې د تعقیب کوډ:',
  'frame.outboxSendNow': 'همدا اوس یې ولېږئ',
  'frame.outboxCast': 'هغه مهر شوې پاڼه چې په دې وسیله کې په تمه وه، صندوق ته واچول شوه: اوس د رایو په صندوق کې ده. د هغې د تعقیب کوډ:',
  'frame.outboxRefusedClosed': 'هغه مهر شوې پاڼه چې په دې وسیله کې په تمه وه، د رایه اچونې له پای ته رسېدو وروسته ورسېده: د رایو صندوق ونه منله. د هغې د تعقیب کوډ:',
  'frame.outboxRefused': 'د رایو صندوق هغه مهر شوې پاڼه ونه منله چې په دې وسیله کې په تمه وه. د ټاکنو پاڼه پرانیزئ چې وګورئ څه حال لري، او که کولی شئ، د هغې په صندوق کې بیا رایه ورکړئ. د هغې د تعقیب کوډ:',
  'frame.outboxCheck': 'د ټاکنو په پاڼه کې یې وګورئ',
  'frame.outboxDismiss': 'دا خبرتیا لرې کړئ',
} satisfies TextsOf;
