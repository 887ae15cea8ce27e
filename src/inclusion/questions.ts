// Self-description on the encrypted ballot: each dimension becomes one more
// homomorphic question (one answer, or blank), so only totals are ever decrypted —
// the composition of voters is known, no voter's answers are. Texts in English,
// Dari and Pashto (awaiting review by Afghan speakers, like every translation).
import type { Translations } from '../kernel/texts.ts';
import { AGE_BANDS, COUNTRIES, ETHNICITIES, GENDERS, PREFER_NOT, PROVINCES, RESIDENCES, type Dimension } from './dimensions.ts';

const T = (en: string, fa: string, ps: string): Translations => ({ en, 'fa-AF': fa, 'ps-AF': ps });

const QUESTIONS: Record<Dimension, Translations> = {
  gender: T('Your gender (optional, anonymous)', 'جنسیت شما (اختیاری و بی‌نام)', 'ستاسو جنسیت (اختیاري او بې‌نومه)'),
  ethnicity: T('Your ethnic group (optional, anonymous)', 'قوم شما (اختیاری و بی‌نام)', 'ستاسو قوم (اختیاري او بې‌نومه)'),
  province: T('Your province of origin (optional, anonymous)', 'ولایت اصلی شما (اختیاری و بی‌نام)', 'ستاسو اصلي ولایت (اختیاري او بې‌نومه)'),
  residence: T('Where you live now (optional, anonymous)', 'محل زندگی کنونی شما (اختیاری و بی‌نام)', 'اوس چېرته اوسېږئ (اختیاري او بې‌نومه)'),
  country: T('If you live abroad: in which country? (optional, anonymous)', 'اگر در خارج زندگی می‌کنید: در کدام کشور؟ (اختیاری و بی‌نام)', 'که له هېواده بهر اوسېږئ: په کوم هېواد کې؟ (اختیاري او بې‌نومه)'),
  age: T('Your age (optional, anonymous)', 'سن شما (اختیاری و بی‌نام)', 'ستاسو عمر (اختیاري او بې‌نومه)'),
};

const LABELS: Record<string, Translations> = {
  woman: T('Woman', 'زن', 'ښځه'),
  man: T('Man', 'مرد', 'نارینه'),
  other: T('Other', 'دیگر', 'نور'),
  pashtun: T('Pashtun', 'پشتون', 'پښتون'),
  tajik: T('Tajik', 'تاجیک', 'تاجک'),
  hazara: T('Hazara', 'هزاره', 'هزاره'),
  uzbek: T('Uzbek', 'ازبک', 'ازبک'),
  turkmen: T('Turkmen', 'ترکمن', 'ترکمن'),
  baloch: T('Baloch', 'بلوچ', 'بلوڅ'),
  aimaq: T('Aimaq', 'ایماق', 'ایماق'),
  nuristani: T('Nuristani', 'نورستانی', 'نورستانی'),
  pashai: T('Pashai', 'پشه‌یی', 'پشه‌یي'),
  arab: T('Arab', 'عرب', 'عرب'),
  qizilbash: T('Qizilbash', 'قزلباش', 'قزلباش'),
  inside: T('Inside Afghanistan', 'داخل افغانستان', 'په افغانستان کې دننه'),
  abroad: T('Outside Afghanistan', 'خارج از افغانستان', 'له افغانستان بهر'),
  iran: T('Iran', 'ایران', 'ایران'),
  pakistan: T('Pakistan', 'پاکستان', 'پاکستان'),
  turkey: T('Turkey', 'ترکیه', 'ترکیه'),
  germany: T('Germany', 'آلمان', 'جرمني'),
  'united-states': T('United States', 'ایالات متحدهٔ امریکا', 'متحده ایالات امریکا'),
  'united-kingdom': T('United Kingdom', 'بریتانیا', 'بریتانیا'),
  canada: T('Canada', 'کانادا', 'کاناډا'),
  france: T('France', 'فرانسه', 'فرانسه'),
  sweden: T('Sweden', 'سویدن', 'سویډن'),
  netherlands: T('Netherlands', 'هالند', 'هالنډ'),
  austria: T('Austria', 'اتریش', 'اتریش'),
  australia: T('Australia', 'آسترالیا', 'آسټرالیا'),
  tajikistan: T('Tajikistan', 'تاجیکستان', 'تاجکستان'),
  uzbekistan: T('Uzbekistan', 'ازبکستان', 'ازبکستان'),
  india: T('India', 'هند', 'هند'),
  uae: T('United Arab Emirates', 'امارات متحدهٔ عربی', 'متحده عربي امارات'),
  'other-country': T('Another country', 'کشوری دیگر', 'بل هېواد'),
  [PREFER_NOT]: T('Prefer not to say', 'ترجیح می‌دهم نگویم', 'نه غواړم ووایم'),
  badakhshan: T('Badakhshan', 'بدخشان', 'بدخشان'),
  badghis: T('Badghis', 'بادغیس', 'بادغیس'),
  baghlan: T('Baghlan', 'بغلان', 'بغلان'),
  balkh: T('Balkh', 'بلخ', 'بلخ'),
  bamyan: T('Bamyan', 'بامیان', 'بامیان'),
  daykundi: T('Daykundi', 'دایکندی', 'دایکنډي'),
  farah: T('Farah', 'فراه', 'فراه'),
  faryab: T('Faryab', 'فاریاب', 'فاریاب'),
  ghazni: T('Ghazni', 'غزنی', 'غزني'),
  ghor: T('Ghor', 'غور', 'غور'),
  helmand: T('Helmand', 'هلمند', 'هلمند'),
  herat: T('Herat', 'هرات', 'هرات'),
  jowzjan: T('Jowzjan', 'جوزجان', 'جوزجان'),
  kabul: T('Kabul', 'کابل', 'کابل'),
  kandahar: T('Kandahar', 'کندهار', 'کندهار'),
  kapisa: T('Kapisa', 'کاپیسا', 'کاپیسا'),
  khost: T('Khost', 'خوست', 'خوست'),
  kunar: T('Kunar', 'کنر', 'کونړ'),
  kunduz: T('Kunduz', 'کندز', 'کندز'),
  laghman: T('Laghman', 'لغمان', 'لغمان'),
  logar: T('Logar', 'لوگر', 'لوګر'),
  nangarhar: T('Nangarhar', 'ننگرهار', 'ننګرهار'),
  nimroz: T('Nimroz', 'نیمروز', 'نیمروز'),
  nuristan: T('Nuristan', 'نورستان', 'نورستان'),
  paktia: T('Paktia', 'پکتیا', 'پکتیا'),
  paktika: T('Paktika', 'پکتیکا', 'پکتیکا'),
  panjshir: T('Panjshir', 'پنجشیر', 'پنجشیر'),
  parwan: T('Parwan', 'پروان', 'پروان'),
  samangan: T('Samangan', 'سمنگان', 'سمنګان'),
  'sar-e-pol': T('Sar-e Pol', 'سرپل', 'سرپل'),
  takhar: T('Takhar', 'تخار', 'تخار'),
  uruzgan: T('Uruzgan', 'ارزگان', 'ارزګان'),
  wardak: T('Wardak', 'وردک', 'وردګ'),
  zabul: T('Zabul', 'زابل', 'زابل'),
};

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const persian = (s: string) => s.replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);
function label(category: string): Translations {
  const known = LABELS[category];
  if (known) return known;
  // age bands: digits in each script
  const text = category.replace('-', '–').replace('+', ' +');
  return T(text, persian(text), persian(text));
}

const CATEGORIES: Record<Dimension, readonly string[]> = { gender: GENDERS, ethnicity: ETHNICITIES, province: PROVINCES, residence: RESIDENCES, country: COUNTRIES, age: AGE_BANDS };

/** The categories of a self-description question, in answer order ("prefer not to say" last). */
export function categoriesOf(dimension: Dimension): string[] {
  return [...CATEGORIES[dimension], PREFER_NOT];
}

/** Extra ballot questions for the chosen dimensions: one answer or blank (blank = no answer). */
/** A question as an organiser's draft holds it (the shape of zQuestionDraft in src/api/election-draft.ts). */
export interface QuestionText {
  question: Translations;
  answers: Translations[];
  min: number;
  max: number;
  blank: boolean;
}

export function selfDescriptionQuestions(dimensions: readonly Dimension[]): QuestionText[] {
  return dimensions.map((d) => ({ question: QUESTIONS[d], answers: categoriesOf(d).map(label), min: 1, max: 1, blank: true }));
}

/**
 * Counts per category from an election's decrypted result (spec: one row per
 * question; with blank allowed, entry 0 is the blank count, answers follow).
 */
export function compositionFromResult(dimensions: readonly Dimension[], firstQuestion: number, result: readonly (readonly (number | bigint)[])[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  dimensions.forEach((d, i) => {
    const row = result[firstQuestion + i];
    if (!row) throw new Error(`the result has no row for the ${d} question (question ${firstQuestion + i + 1})`);
    const cats = categoriesOf(d);
    if (row.length !== cats.length + 1) throw new Error(`the ${d} question has ${row.length - 1} answers in the result, expected ${cats.length}`);
    out[d] = { 'no-answer': Number(row[0]!) };
    cats.forEach((c, j) => (out[d]![c] = Number(row[j + 1]!)));
  });
  return out;
}

/** A category's name in the three languages (the web app's dashboards use the same labels as the ballot). */
export function categoryLabel(category: string): Translations {
  if (category === 'no-answer') return T('No answer', 'بدون پاسخ', 'ځواب نشته');
  if (category === 'unlisted') return T('Other answers', 'پاسخ‌های دیگر', 'نور ځوابونه');
  return label(category);
}

/** The question asked for a dimension, in the three languages. */
export function dimensionQuestion(dimension: Dimension): Translations {
  return QUESTIONS[dimension];
}

/** A dimension's short name, in the three languages. */
export function dimensionName(dimension: string): Translations {
  const names: Record<string, Translations> = {
    gender: T('Gender', 'جنسیت', 'جنسیت'),
    ethnicity: T('Ethnic group', 'قوم', 'قوم'),
    province: T('Province of origin', 'ولایت اصلی', 'اصلي ولایت'),
    residence: T('Living', 'محل زندگی', 'د اوسېدو ځای'),
    country: T('Country abroad', 'کشور محل اقامت', 'د اوسېدو هېواد'),
    age: T('Age', 'سن', 'عمر'),
  };
  return names[dimension] ?? T(dimension, dimension, dimension);
}
