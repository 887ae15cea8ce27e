// Name normalisation for screening Afghan (Pashto, Dari, Arabic) names written in
// Latin letters or in Arabic script. A name becomes a list of tokens, each with
//   fold  – a canonical Latin spelling: Mohammad/Muhammad/Mohammed/Mohd -> one form,
//           Haqqani/Haqani (q->k, doubled letters single), ou/oo -> u, ee -> i, o -> u,
//           e -> i, Jallaloudine/Jalaluddin/Jalaludin (-uddin, -oddin, -eddin -> one
//           form), Hidayatullah/Hidayatollah (-ullah), Abdul Rahman / Abd al-Rahman /
//           Abdurrahman (abd + name), Zia-ur-Rahman / Ziaurrahman;
//   skel  – its consonant skeleton (for names transliterated from Arabic script);
//   phon  – its Double Metaphone codes (for blocking and sound-alike spellings).
// Articles (al-, ul-, ud-, ur-, e, bin) are dropped; honorifics (Mullah, Maulavi,
// Haji, Qari, Sheikh, Mufti, Dr...) are set aside and reported; a few words that are
// titles for some people and names for others (Sayed, Agha, Hafiz, Akhund, Qazi) stay
// but weigh little. "HAQANI, Sirajuddin" is read as "Sirajuddin HAQANI". Pure.
import { doubleMetaphone } from 'double-metaphone';
import { arabicWords, hasArabicScript, isKnownArabicWord, normalizeArabic, transliterateWord } from './arabic.ts';
import type { Script } from './model.ts';

export interface Token {
  /** as written (lower case, Latin letters, or the normalised Arabic word) */
  text: string;
  fold: string;
  skel: string;
  phon: string[];
  /** the normalised Arabic word, when the token was written in Arabic script */
  arabic?: string;
  /** an Arabic-script word whose usual Latin spelling Jirga knows (محمد, احمد, عمر) */
  known?: boolean;
  /** soft: a word that may be a title or part of the name (Sayed, Agha, Hafiz), or a
   * generic word of an organisation's name (company, network) – it weighs little */
  soft: boolean;
}

export interface AnalysedName {
  text: string;
  script: Script;
  tokens: Token[];
  /** honorifics set aside, as written */
  honorifics: string[];
  /** true when "LAST, First" was read as "First LAST" */
  reordered: boolean;
}

// spellings of the same name that the rules below would not bring together
const LEXICON: Record<string, string> = {};
for (const [canon, variants] of Object.entries({
  muhammad: 'mohammad mohammed muhammed mohamed mohamad muhamad muhamed mohd muhd mhd mohmad mohmmad mohammod mohummad mahomed mohamud muhammet mehmet mohamet mohammadi_no',
  ahmad: 'ahmed ahmet ahmat ahamad',
  sayid: 'sayed sayyed sayyid syed sayid seyed seyyed sayeed saiyid sayyad_no',
  ullah: 'allah ulla ollah olla',
  yusuf: 'yousuf yousef yusef yosuf yousof yusof',
  ibrahim: 'ebrahim ibraheem ebraheem ibrahem',
  ismail: 'esmail ismael esmael ismayil',
  ishak: 'ishaq isaac eshaq ishak eshak',
  usman: 'osman uthman othman',
  umar: 'omar umer omer',
  daud: 'dawood dawud daoud dawoud daud dawod',
  khwaja: 'khawaja khoja khwajah',
  ltd: 'limited',
  company: 'co',
})) {
  for (const v of variants.split(' ')) if (!v.endsWith('_no')) LEXICON[v] = canon;
}

const VOWEL = /[aeiou]/;

/** The canonical Latin spelling of one token (lower-case ASCII letters). */
export function foldToken(token: string): string {
  let s = LEXICON[token] ?? token;
  // consonants written several ways
  s = s.replace(/ph/g, 'f').replace(/v/g, 'w').replace(/q/g, 'k').replace(/ck/g, 'k').replace(/c(?!h)/g, 'k').replace(/x/g, 'ks');
  // ث and ذ: th/s (Wathiq, Wasiq), dh/z (Dhakir, Zakir)
  s = s.replace(/th/g, 's').replace(/dh/g, 'z');
  // abd + name: Abdul Rahman / Abd al-Rahman / Abdurrahman / Abdelrahman -> abdrahman;
  // Abdullah / Abd Allah / Abdulla -> abdula
  if (/^abd[aeiou]?l+a+h?$/.test(s)) s = 'abdula';
  else if (/^abd[aeiou]?[lrsz]?$/.test(s)) s = 'abd';
  else if (s.startsWith('abd')) {
    let rest = s.slice(3);
    const hadVowel = VOWEL.test(rest[0] ?? '');
    if (hadVowel) rest = rest.slice(1);
    if (rest.startsWith('l') && rest.length >= 4) rest = rest.slice(1);
    else if (rest.length >= 4 && rest[0] === rest[1]) rest = rest.slice(1);
    if (rest.length >= 3) s = 'abd' + rest;
  }
  // long vowels written double (ee, oo) before doubled letters are made single
  s = s.replace(/ee/g, 'i').replace(/oo/g, 'u');
  s = s.replace(/(.)\1+/g, '$1');
  // vowels
  s = s
    .replace(/ou/g, 'u')
    .replace(/ei/g, 'ai')
    .replace(/ay(?![aeiou])/g, 'ai')
    .replace(/ey(?![aeiou])/g, 'ai')
    .replace(/aw(?![aeiou])/g, 'au');
  s = s.replace(/eh$/, 'a').replace(/ah$/, 'a');
  if (s.length > 4) s = s.replace(/([^aeiou])e$/, '$1');
  s = s.replace(/o/g, 'u').replace(/e/g, 'i');
  // compounds with a name of God: -ullah, -uddin, -ur-Rahman, -ul-Haq
  let m = /^(.{3,}?)[aiu]?l+a$/.exec(s);
  if (m && !s.startsWith('abd')) s = m[1] + 'ula';
  // the article written inside the word (Sirajuddin, Ziaurrahman, Khalilurrahman) goes;
  // a vowel must stand for it, so that Khalil-Rahman keeps its "il"
  m = /^(.{3,})[aiu]d+in$/.exec(s);
  if (m) s = m[1] + 'din';
  m = /^(.{3,})(?:[aiu]r?(rahman|rahim)|[aiu]l?(hak))$/.exec(s);
  if (m && m[1] !== 'abd') s = m[1]! + (m[2] ?? m[3]!);
  return s.replace(/(.)\1+/g, '$1');
}

/** Consonant skeleton of a folded token: vowels dropped, y and w dropped after the first
 * letter; a final i stays as y (Arabic script writes it: Hamidi حامدی is not Hamid حامد). */
export function skeleton(fold: string): string {
  let out = '';
  for (let i = 0; i < fold.length; i++) {
    const c = fold[i]!;
    if (c === 'i' && i === fold.length - 1 && i > 0) {
      if (!out.endsWith('y')) out += 'y';
      continue;
    }
    if (VOWEL.test(c)) continue;
    if ((c === 'y' || c === 'w') && i > 0) continue;
    if (out.endsWith(c)) continue;
    out += c;
  }
  return out;
}

function phonetic(fold: string): string[] {
  const [p, s] = doubleMetaphone(fold);
  return p === s || !s ? [p] : [p, s];
}

// Honorifics: set aside (never part of the name).
const HONORIFICS = new Set(
  ('mullah mulla molla mollah mullo mulah maulavi mawlawi maulvi moulavi mawlavi moulvi molvi maulawi mowlawi mawlvi ' +
    'maulana mawlana moulana mowlana haji hajji hadji alhaj alhaji alhajj haj hajj qari kari sheikh shaykh shaikh sheik shaik ' +
    'mufti dr doctor mr ustad ustaz ustadh hazrat janab sahib saheb sahab')
    .split(' ')
    .map(foldToken),
);
// Words that are titles for some and names for others, or generic words of an organisation's name.
const SOFT = new Set(
  ('sayed sayyed sayyid syed seyed agha aga hafiz hafez akhund akhwand akhoond akhond qazi qadi pir ' +
    'khalifa ' +
    'company co ltd limited network exchange money hawala trading group movement sarafi organization organisation ' +
    'llc inc corp corporation services service madrassa madrasa foundation trust bank')
    .split(' ')
    .map(foldToken),
);
// Articles and connectors: dropped.
const ARTICLES = new Set('al el ul ud ur ar as us uz az ad at ash ush an un e i wal bin ibn bint the of and'.split(' '));

const ARABIC_HONORIFICS = new Set(['ملا', 'مولوی', 'مولانا', 'حاجی', 'الحاج', 'حاج', 'قاری', 'شیخ', 'مفتی', 'داکتر', 'دکتر', 'استاد']);
const ARABIC_SOFT = new Set(['سید', 'اغا', 'حافظ', 'اخوند', 'قاضی', 'پیر']);
const ARABIC_ARTICLES = new Set(['ال', 'بن', 'ابن', 'و']);

export function isHonorific(fold: string): boolean {
  return HONORIFICS.has(fold);
}

// families of spellings of one title, for comparing a query's title with a listed one
const TITLE_FAMILIES: Array<[string, string]> = [
  ['mullah', 'mullah mulla molla mollah mullo mulah ملا'],
  ['maulavi', 'maulavi mawlawi maulvi moulavi mawlavi moulvi molvi maulawi mowlawi mawlvi مولوی'],
  ['maulana', 'maulana mawlana moulana mowlana مولانا'],
  ['haji', 'haji hajji hadji alhaj alhaji alhajj haj hajj حاجی الحاج حاج'],
  ['qari', 'qari kari قاری'],
  ['sheikh', 'sheikh shaykh shaikh sheik shaik شیخ'],
  ['mufti', 'mufti مفتی'],
];
const TITLE_CLASS = new Map<string, string>();
for (const [canon, forms] of TITLE_FAMILIES) for (const f of forms.split(' ')) TITLE_CLASS.set(/^[a-z]+$/.test(f) ? foldToken(f) : f, canon);

/** The family a title belongs to ("Mawlawi" and "Maulavi" -> "maulavi"), or null. */
export function titleClass(title: string): string | null {
  const t = title.trim();
  if (hasArabicScript(t)) return TITLE_CLASS.get(normalizeArabic(t)) ?? null;
  return TITLE_CLASS.get(foldToken(asciiFold(t).replace(/[^a-z]/g, ''))) ?? null;
}

function latinToken(text: string): Token {
  const fold = foldToken(text);
  return { text, fold, skel: skeleton(fold), phon: phonetic(fold), soft: SOFT.has(fold) };
}

function arabicToken(word: string): Token {
  const latin = transliterateWord(word);
  const fold = foldToken(latin || word);
  const t: Token = { text: word, fold, skel: skeleton(fold), phon: phonetic(fold), arabic: word, soft: ARABIC_SOFT.has(word) };
  if (isKnownArabicWord(word)) t.known = true;
  return t;
}

/** Latin letters only, lower case, diacritics removed. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐ]/g, 'd')
    .replace(/ı/g, 'i')
    .toLowerCase();
}

/** A name as tokens for matching. */
// second halves of compound names: Siraj-ud-Din, Zia-ur-Rahman, Abd al-Rahim, Zia-ul-Haq
const GOD_NAMES = new Set(['din', 'rahman', 'rahim', 'hak']);
const ARABIC_GOD_NAMES = new Set(['دین', 'رحمن', 'رحمان', 'رحیم', 'حق', 'له']);
// "Najib Ullah", "Khair Ullah": one name written as two words ("Allah Dad" is not)
const ULLAH_WORDS = new Set(['ullah', 'ulla', 'ollah', 'olla', 'ulah']);

function joinArabic(prev: Token, word: string): Token {
  const fold = foldToken(prev.fold + transliterateWord(word));
  return { text: prev.text + word, fold, skel: skeleton(fold), phon: phonetic(fold), arabic: prev.arabic! + word, soft: false };
}

/** A name as tokens for matching. Compounds become one token whichever way they are
 * written: Abdul Rahman / Abd al-Rahman / Abdurrahman, Siraj-ud-Din / Sirajuddin,
 * Najib Ullah / Najibullah, Ghulam Nabi. */
export function analyseName(input: string): AnalysedName {
  const text = input.normalize('NFKC').trim();
  return hasArabicScript(text) ? analyseArabicName(text) : analyseLatinName(text);
}

/** A name in Arabic script (with any Latin words beside it): articles dropped, titles set aside, عبد and غلام joined to what follows. */
function analyseArabicName(text: string): AnalysedName {
  const honorifics: string[] = [];
  const words = arabicWords(text);
  const kept: Token[] = [];
  let article = false;
  let joinable = false;
  for (const w of words) {
    if (ARABIC_ARTICLES.has(w)) {
      article = true;
      continue;
    }
    if (ARABIC_HONORIFICS.has(w)) {
      honorifics.push(w);
      joinable = article = false;
      continue;
    }
    const t = arabicToken(w);
    const prev = joinable ? kept[kept.length - 1] : undefined;
    const bare = w.startsWith('ال') ? w.slice(2) : w;
    if (prev && prev.arabic !== undefined && (prev.arabic === 'عبد' || prev.arabic === 'غلام' || ((w.startsWith('ال') || article) && ARABIC_GOD_NAMES.has(bare)))) {
      kept[kept.length - 1] = joinArabic(prev, w);
    } else kept.push(t);
    joinable = true;
    article = false;
  }
  if (kept.length === 0 && words.length > 0) kept.push(...words.map(arabicToken));
  // Latin words written beside the Arabic ones
  const latin = asciiFold(text.replace(/[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+/g, ' '))
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
  for (const w of latin) kept.push(latinToken(w));
  return { text, script: 'arabic', tokens: kept, honorifics, reordered: false };
}

/** A name in Latin letters: "LAST, First" reordered, notes in parentheses dropped, titles set aside, compounds joined. */
function analyseLatinName(text: string): AnalysedName {
  const honorifics: string[] = [];
  let body = text.replace(/\([^)]*\)/g, ' ');
  let reordered = false;
  const commas = body.split(',');
  if (commas.length === 2 && commas[0]!.trim() !== '' && commas[1]!.trim() !== '') {
    body = `${commas[1]} ${commas[0]}`;
    reordered = true;
  }
  const words = asciiFold(body)
    .replace(/['’‘`´ʿʾʼ]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  const tokens: Token[] = [];
  let article = false;
  let joinable = false;
  for (const w of words) {
    if (ARTICLES.has(w)) {
      article = true;
      continue;
    }
    const t = latinToken(w);
    if (HONORIFICS.has(t.fold)) {
      honorifics.push(w);
      joinable = article = false;
      continue;
    }
    const prev = joinable ? tokens[tokens.length - 1] : undefined;
    if (prev && !prev.soft && (prev.fold === 'abd' || prev.fold === 'ghulam' || (article && GOD_NAMES.has(t.fold)) || ULLAH_WORDS.has(w))) {
      tokens[tokens.length - 1] = latinToken(prev.text + w);
    } else tokens.push(t);
    joinable = true;
    article = false;
  }
  // a name that is nothing but a title stays that title
  if (tokens.length === 0 && honorifics.length > 0) {
    tokens.push(...honorifics.map(latinToken));
    honorifics.length = 0;
  }
  const script: Script = /[a-z]/.test(asciiFold(body)) || tokens.length === 0 ? 'latin' : 'other';
  return { text, script, tokens, honorifics, reordered };
}

/** The names a printed name stands for: lists sometimes print notes inside a name
 * ("Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد )", "Khirullah Said Wali
 * Khairkhwa, born in Kandahar on 01 Jan.1967", "حاجى مالك نورزى (Hajji Malik Noorzai;
 * Haji Malek Noorzai)", "Agha Jan Alizai اغا جان عالیزی"). Returns the name itself,
 * without such notes, then each other form it gives; the printed text stays as it is. */
export function nameVariants(text: string): string[] {
  const out: string[] = [];
  const push = (v: string) => {
    const t = v
      .replace(/\s*,?\s+(?:born\b|son of\b|s\/o\b|d\/o\b|daughter of\b).*$/is, '')
      .replace(/\s+ولد\s.*$/s, '')
      .replace(/[\s,;:.]+$/, '')
      .replace(/^[\s,;:.]+/, '')
      .trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  };
  const inner: string[] = [];
  const outer = text.replace(/\(([^()]*)\)/g, (_, c: string) => {
    if (!/previously listed|formerly|approx|born|deceased/i.test(c)) inner.push(...c.split(/\s*;\s*/));
    return ' ';
  });
  // a name written in both scripts side by side
  const latin = outer.replace(/[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+/g, ' ').replace(/\s+/g, ' ');
  const arabic = outer.replace(/[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’.\-]*/g, ' ').replace(/\s+/g, ' ');
  if (/[A-Za-z]/.test(latin) && hasArabicScript(arabic) && !/(?:born|son of)/i.test(outer)) {
    push(latin);
    push(arabic);
  } else push(outer.replace(/\s+/g, ' '));
  for (const i of inner) push(i);
  return out.length > 0 ? out : [text];
}

/** The canonical form of a whole name: folded tokens, sorted (order-free), honorifics out. */
export function nameKey(text: string): string {
  return analyseName(text)
    .tokens.map((t) => t.fold)
    .sort()
    .join(' ');
}

export { normalizeArabic };
