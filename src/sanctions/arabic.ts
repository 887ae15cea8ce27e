// Names in Arabic script (Arabic, Dari, Pashto): a normal form for comparing them
// with each other, and a rule-based transliteration to Latin letters for comparing
// them with Latin names. Arabic script writes no short vowels, so the
// transliteration is consonant-faithful and vowel-poor; the matcher compares it
// by consonant skeleton. Pure.

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

export function hasArabicScript(text: string): boolean {
  return ARABIC_LETTER.test(text);
}

// letters written differently in Arabic, Persian and Pashto orthography, folded to one
const UNIFY: Record<string, string> = {
  '\u064A': '\u06CC', // ي Arabic yeh -> ی Persian yeh
  '\u0649': '\u06CC', // ى alef maksura
  '\u06D0': '\u06CC', // ې Pashto e
  '\u06CD': '\u06CC', // ۍ Pashto yeh with tail
  '\u0626': '\u06CC', // ئ yeh with hamza
  '\u0643': '\u06A9', // ك Arabic kaf -> ک
  '\u06AB': '\u06AF', // ګ Pashto gaf -> گ
  '\u0629': '\u0647', // ة teh marbuta -> ه
  '\u06C0': '\u0647', // ۀ
  '\u06D5': '\u0647', // ە
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0622': '\u0627', // آ
  '\u0671': '\u0627', // ٱ
  '\u0624': '\u0648', // ؤ
  '\u067C': '\u062A', // ټ Pashto tteh -> ت
  '\u0689': '\u062F', // ډ Pashto ddal -> د
  '\u0693': '\u0631', // ړ Pashto rreh -> ر
  '\u0696': '\u0698', // ږ Pashto -> ژ
  '\u069A': '\u0634', // ښ Pashto -> ش
  '\u0681': '\u0632', // ځ Pashto dze -> ز
  '\u0685': '\u0686', // څ Pashto tse -> چ
  '\u06BC': '\u0646', // ڼ Pashto noon -> ن
};

/** Arabic-script text in one spelling: no diacritics or tatweel, one form of yeh,
 * kaf, heh, alef and waw, Pashto letters folded to their Persian neighbours,
 * hamza dropped, punctuation as spaces. */
export function normalizeArabic(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC')) {
    const c = ch.charCodeAt(0);
    if ((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 || c === 0x200c || c === 0x200d || c === 0x200e || c === 0x200f || c === 0x0621) continue;
    if (c === 0x060c || c === 0x061b || c === 0x061f || c === 0x066b || c === 0x066c || c === 0x06d4) {
      out += ' ';
      continue;
    }
    out += UNIFY[ch] ?? ch;
  }
  return out.replace(/[\s,.;:()"'\-_/]+/g, ' ').trim();
}

const LETTERS: Record<string, string> = {
  '\u0627': 'a', // ا
  '\u0628': 'b', // ب
  '\u067E': 'p', // پ
  '\u062A': 't', // ت
  '\u062B': 's', // ث
  '\u062C': 'j', // ج
  '\u0686': 'ch', // چ
  '\u062D': 'h', // ح
  '\u062E': 'kh', // خ
  '\u062F': 'd', // د
  '\u0630': 'z', // ذ
  '\u0631': 'r', // ر
  '\u0632': 'z', // ز
  '\u0698': 'zh', // ژ
  '\u0633': 's', // س
  '\u0634': 'sh', // ش
  '\u0635': 's', // ص
  '\u0636': 'z', // ض
  '\u0637': 't', // ط
  '\u0638': 'z', // ظ
  '\u0639': '', // ع ain: no Latin letter
  '\u063A': 'gh', // غ
  '\u0641': 'f', // ف
  '\u0642': 'q', // ق
  '\u06A9': 'k', // ک
  '\u06AF': 'g', // گ
  '\u0644': 'l', // ل
  '\u0645': 'm', // م
  '\u0646': 'n', // ن
  '\u0647': 'h', // ه (final: a)
  '\u0648': 'w', // و (not initial: u)
  '\u06CC': 'y', // ی (not initial: i)
};

// whole words whose usual Latin spelling the letters alone would not give
const WORDS: Record<string, string> = {
  محمد: 'muhammad',
  احمد: 'ahmad',
  محمود: 'mahmud',
  عبد: 'abd',
  الله: 'allah',
  اله: 'allah',
  عمر: 'umar',
  عثمان: 'usman',
  علی: 'ali',
  عزیز: 'aziz',
  عبدالله: 'abdullah',
  حسن: 'hasan',
  حسین: 'husain',
  گل: 'gul',
  خان: 'khan',
  جان: 'jan',
  یحیی: 'yahya',
  نور: 'nur',
  // the second halves of compound names, so that their Latin form has its vowels
  رحمن: 'rahman',
  رحمان: 'rahman',
  رحیم: 'rahim',
  دین: 'din',
  حق: 'haq',
};

/** Whether Jirga knows the usual Latin spelling of a word (and so its vowels). */
export function isKnownArabicWord(word: string): boolean {
  return WORDS[word] !== undefined;
}

/** One Arabic-script word (already normalised) in Latin letters, by rule. */
export function transliterateWord(word: string): string {
  const known = WORDS[word];
  if (known) return known;
  // compounds written as one word: عبدالرحمن, نصیرالدین, عبیدالله
  if (word.startsWith('عبد') && word.length > 4) return 'abd' + transliterateWord(word.slice(3));
  const m = /^(.{2,}?)(الله|اله|الدین|الرحمن|الرحمان|الرحیم|الحق)$/.exec(word);
  if (m) return transliterateWord(m[1]!) + transliterateWord(m[2]!);
  // Pashtun family names: -zai (اسحاقزی Ishaqzai, نورزی Noorzai)
  if (word.length > 3 && word.endsWith('زی')) return transliterateWord(word.slice(0, -2)) + 'zai';
  let w = word;
  // the article al- written joined to the following word
  if (w.startsWith('ال') && w.length > 3) {
    w = w.slice(2);
    const bare = WORDS[w];
    if (bare) return bare;
  }
  let out = '';
  const chars = [...w];
  chars.forEach((ch, i) => {
    const initial = i === 0;
    const final = i === chars.length - 1;
    if (ch === '\u0648') out += initial ? 'w' : 'u';
    else if (ch === '\u06CC') out += initial ? 'y' : 'i';
    else if (ch === '\u0647' && final && !initial) out += 'a';
    else out += LETTERS[ch] ?? '';
  });
  return out;
}

/** Arabic-script words (normalised) for a text. */
export function arabicWords(text: string): string[] {
  return normalizeArabic(text).split(' ').filter((w) => w !== '' && ARABIC_LETTER.test(w));
}
