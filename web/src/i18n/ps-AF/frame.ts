// Pashto (ps-AF) texts of the frame of every page (header, languages, quick exit, footer), loading, errors, the page not found.
// Every string awaits review by Afghan speakers — see ../status.json.
import type { TextsOf } from '../en/frame.ts';

export default {
  'frame.brand': 'جرګه',
  'frame.skip': 'منځپانګې ته تګ',
  'frame.languages': 'ژبه',
  'frame.quickExit': 'بېړنی وتل',
  'frame.quickExitHelp': 'سمدستي له دې ویبپاڼې ووځئ او یوه تشه پاڼه وښودل شي (یا Shift + Escape)',
  'frame.privacy': 'هېڅ تعقیب نشته او نورو سایټونو ته غوښتنه نه استول کېږي. ستاسو د رایې کوډ او انتخابونه هېڅکله بې له کوډ کولو له دې وسیلې نه وځي.',
  'frame.organisers': 'د تنظیموونکو لپاره',
  'frame.help': 'لارښود',
  'frame.helpLink': 'د دې پړاو لارښود',

  'common.loading': 'د پورته کېدو په حال کې…',
  'common.notTranslated': 'نه دی ژباړل شوی',
  'common.retry': 'بیا هڅه وکړئ',

  'error.network': 'سرور ته لاسرسی ونه شو. خپل اتصال وګورئ او بیا هڅه وکړئ؛ هېڅ شی نه دی لېږل شوی.',
  'error.notFound': 'ونه موندل شو. کېدای شي لینک غلط لیکل شوی وي یا زوړ شوی وي.',
  'error.login': 'مهرباني وکړئ لومړی ننوځئ.',
  'error.forbidden': 'په دې لینک یا کوډ دا کار اجازه نه لري.',
  'error.conflict': 'دا کار د ټاکنو په دې پړاو کې نه کېږي.',
  'error.refused': 'سرور غوښتنه ونه منله.',
  'error.unexpected': 'یوه ستونزه پېښه شوه.',
  'error.votingClosed': 'رایه ورکول پای ته رسېدلي دي: ستاسو رایه ثبت نه شوه.',
  'error.votingNotStarted': 'رایه ورکول لا نه دي پیل شوي: ستاسو رایه ثبت نه شوه.',
  'error.unknownCredential': 'دا کوډ د دې ټاکنو په لیست کې نشته: ستاسو رایه ثبت نه شوه. هغه کوډ بیا وګورئ چې تاسو ته درکړل شوی.',
  'error.replayedBallot': 'همدا د رایې پاڼه مخکې اچول شوې ده. د بیا رایې ورکولو لپاره یوه نوې د رایې پاڼه چمتو کړئ.',
  'error.invalidBallot': 'سرور دا د رایې پاڼه ناسمه وموندله او ثبت یې نه کړه.',

  'notFound.title': 'دا پاڼه نشته',
  'notFound.home': 'د رایو اچونو لیست ته تګ',
} satisfies TextsOf;
