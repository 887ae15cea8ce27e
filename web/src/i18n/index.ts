// Three languages, each complete: English, Dari (fa-AF) and Pashto (ps-AF), the
// last two right-to-left, with Persian digits and dates in the Solar Hijri calendar
// beside the Gregorian one. A tiny module instead of i18next: the voting page must
// stay small for slow connections, so only the chosen language is downloaded, and
// of it only the texts of the features the page shows (features.ts, web/src/pages.ts).
import { FEATURES, type Feature, type Key } from './features.ts';

export const LANGUAGES = ['en', 'fa-AF', 'ps-AF'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'fa-AF': 'دری', 'ps-AF': 'پښتو' };

let language: Language = 'en';
/** The texts of the features loaded so far, in the current language. */
let dict: Partial<Record<Key, string>> = {};
const loaded = new Set<Feature>();
const listeners = new Set<() => void>();
// loads and language changes one after the other: a page's texts asked for while the
// language changes arrive in the new language
let queue: Promise<unknown> = Promise.resolve();
const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
  const next = queue.then(work);
  queue = next.catch(() => undefined);
  return next;
};

export function currentLanguage(): Language {
  return language;
}

export function isRtl(l: Language = language): boolean {
  return l !== 'en';
}

/** The language to start with: this tab's choice, else the browser's preference. */
export function initialLanguage(): Language {
  const stored = sessionStorage.getItem('jirga-language');
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  for (const l of navigator.languages ?? [navigator.language]) {
    const lower = l.toLowerCase();
    if (lower.startsWith('ps')) return 'ps-AF';
    if (lower.startsWith('fa') || lower.startsWith('prs')) return 'fa-AF';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

async function textsOf(l: Language, features: Iterable<Feature>): Promise<Partial<Record<Key, string>>> {
  // one file per language and feature: Vite makes each its own download
  const files = await Promise.all([...features].map((f) => import(`./${l}/${f}.ts`) as Promise<{ default: Partial<Record<Key, string>> }>));
  return Object.assign({}, ...files.map((m) => m.default));
}

/** Make sure the texts of `features` are here (in the current language) before a page that shows them is drawn. */
export function loadTexts(features: readonly Feature[]): Promise<void> {
  return inTurn(async () => {
    const missing = features.filter((f) => !loaded.has(f));
    if (missing.length === 0) return;
    dict = { ...dict, ...(await textsOf(language, missing)) };
    for (const f of missing) loaded.add(f);
  });
}

/** Switch language: the texts of every feature loaded so far (and of `also`) come in the new language, then the page is drawn again. */
export function setLanguage(l: Language, also: readonly Feature[] = []): Promise<void> {
  return inTurn(async () => {
    // the frame (header, errors) is on every page
    for (const f of ['frame' as const, ...also]) loaded.add(f);
    dict = await textsOf(l, loaded);
    language = l;
    // sessionStorage, not localStorage: nothing about this visit outlives the tab
    sessionStorage.setItem('jirga-language', l);
    document.documentElement.lang = l;
    document.documentElement.dir = isRtl(l) ? 'rtl' : 'ltr';
    for (const f of listeners) f();
  });
}

export function onLanguageChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** Whether the text for `key` is here (its feature's texts were loaded). */
export function hasText(key: Key): boolean {
  return dict[key] !== undefined;
}

/** The text for `key`, with {name} placeholders filled in (the key itself if its feature's texts were not loaded: test/web/i18n-pages.test.ts checks that every page loads what it shows). */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  let text: string = dict[key] ?? key;
  for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, typeof v === 'number' ? formatNumber(v) : v);
  return text;
}

/** Plural-aware text: uses `${key}.one` or `${key}.other` by the language's rules. */
export function tn(key: string, n: number, params: Record<string, string | number> = {}): string {
  const form = new Intl.PluralRules(language).select(n) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}` as Key, { n, ...params });
}

// Browsers ship little or no Pashto locale data (Chromium falls back to en-US),
// so digits, month names and dates for Dari and Pashto are formatted here: the
// Eastern Arabic-Indic digits and the Afghan names of the Solar Hijri months.
const NUMBER_LOCALE: Record<Language, string> = { en: 'en', 'fa-AF': 'fa-AF', 'ps-AF': 'fa-AF' };

const HIJRI_MONTHS: Record<'fa-AF' | 'ps-AF', string[]> = {
  'fa-AF': ['حمل', 'ثور', 'جوزا', 'سرطان', 'اسد', 'سنبله', 'میزان', 'عقرب', 'قوس', 'جدی', 'دلو', 'حوت'],
  'ps-AF': ['وری', 'غویی', 'غبرګولی', 'چنګاښ', 'زمری', 'وږی', 'تله', 'لړم', 'لیندۍ', 'مرغومی', 'سلواغه', 'کب'],
};
const GREGORIAN_MONTHS: Record<'fa-AF' | 'ps-AF', string[]> = {
  'fa-AF': ['جنوری', 'فبروری', 'مارچ', 'اپریل', 'می', 'جون', 'جولای', 'اگست', 'سپتمبر', 'اکتوبر', 'نومبر', 'دسمبر'],
  'ps-AF': ['جنوري', 'فبروري', 'مارچ', 'اپرېل', 'مۍ', 'جون', 'جولای', 'اګست', 'سپتمبر', 'اکتوبر', 'نومبر', 'دسمبر'],
};

export function formatNumber(n: number | bigint | string): string {
  const value = typeof n === 'string' ? BigInt(n) : n;
  return new Intl.NumberFormat(NUMBER_LOCALE[language], { numberingSystem: language === 'en' ? 'latn' : 'arabext' }).format(value);
}

export function formatPercent(x: number): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[language], { style: 'percent', maximumFractionDigits: 1, numberingSystem: language === 'en' ? 'latn' : 'arabext' }).format(x);
}

const digits = (n: number, width = 1) => formatNumber(n).padStart(width, formatNumber(0)).replace(/[٬,]/g, '');

function solarHijriParts(date: Date): { day: number; month: number; year: number } {
  const parts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value.replace(/\D/g, ''));
  return { day: get('day'), month: get('month'), year: get('year') };
}

// The time zone a time is shown in, in words: Kabul's by name, else the offset from
// universal time (what English writes "UTC+3"), so that a time never travels without its zone.
const ZONE_WORDS: Record<'fa-AF' | 'ps-AF', { kabul: string; universal: string }> = {
  'fa-AF': { kabul: 'به وقت کابل', universal: 'به وقت جهانی' },
  'ps-AF': { kabul: 'د کابل په وخت', universal: 'په نړیوال وخت' },
};

function zoneOf(date: Date, l: 'fa-AF' | 'ps-AF'): string {
  const words = ZONE_WORDS[l];
  if (Intl.DateTimeFormat().resolvedOptions().timeZone === 'Asia/Kabul') return words.kabul;
  const offset = -date.getTimezoneOffset();
  if (offset === 0) return words.universal;
  const sign = offset > 0 ? '+' : '−';
  const abs = Math.abs(offset);
  const minutes = abs % 60;
  // the offset reads left to right, as a number does
  return `${words.universal} \u2066${sign}${digits(Math.floor(abs / 60))}${minutes ? `:${digits(minutes, 2)}` : ''}\u2069`;
}

/** A date as people here write it: Solar Hijri first for Dari and Pashto, with the
 * Gregorian date beside it; Gregorian for English. Local time zone, named. */
export function formatDate(iso: string | Date, withTime = true): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (language === 'en') {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }
      : { day: 'numeric', month: 'long', year: 'numeric' };
    return new Intl.DateTimeFormat('en-GB', options).format(date);
  }
  const l = language;
  const h = solarHijriParts(date);
  const hijri = `${digits(h.day)} ${HIJRI_MONTHS[l][h.month - 1]} ${digits(h.year)}`;
  const gregorian = `${digits(date.getDate())} ${GREGORIAN_MONTHS[l][date.getMonth()]} ${digits(date.getFullYear())}`;
  const time = withTime ? ` ${digits(date.getHours(), 2)}:${digits(date.getMinutes(), 2)} ${zoneOf(date, l)}` : '';
  return `${hijri}${time} (${gregorian})`;
}

const HIJRI_MONTHS_EN = ['Hamal', 'Sawr', 'Jawza', 'Saratan', 'Asad', 'Sunbula', 'Mizan', 'Aqrab', 'Qaws', 'Jadi', 'Dalw', 'Hut'];

/** A calendar day (YYYY-MM-DD, no time zone) in both calendars: Solar Hijri and
 * Gregorian, in the reader's language; Hijri first for Dari and Pashto. */
export function formatDay(ymd: string): { hijri: string; gregorian: string; both: string } {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  // noon UTC: the same day in every time zone
  const date = new Date(Date.UTC(y, m - 1, d, 12));
  const h = solarHijriParts(date);
  if (language === 'en') {
    const gregorian = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
    const hijri = `${h.day} ${HIJRI_MONTHS_EN[h.month - 1]} ${h.year} SH`;
    return { hijri, gregorian, both: `${gregorian} (${hijri})` };
  }
  const l = language;
  const hijri = `${digits(h.day)} ${HIJRI_MONTHS[l][h.month - 1]} ${digits(h.year)}`;
  const gregorian = `${digits(d)} ${GREGORIAN_MONTHS[l][m - 1]} ${digits(y)}`;
  return { hijri, gregorian, both: `${hijri} (${gregorian})` };
}

export type { Feature, Key };
export { FEATURES };
