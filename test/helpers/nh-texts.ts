// The texts of the ranked and graded e2e tests (test/e2e/nh-draft, nh-flow): candidates,
// futures and the default grades in the three languages, as an organiser types them.
export const T = (en: string, fa: string, ps: string) => ({ en, 'fa-AF': fa, 'ps-AF': ps });
export const CANDIDATES = [T('Amina', 'آمنه', 'آمنه'), T('Baz Mohammad', 'باز محمد', 'باز محمد'), T('Gul Makai', 'گل مکی', 'ګل مکۍ'), T('Dawood', 'داوود', 'داوود')];
export const FUTURES = [T('Federal republic', 'جمهوری فدرال', 'فدرالي جمهوریت'), T('Parliamentary system', 'نظام پارلمانی', 'پارلماني نظام'), T('Transitional council', 'شورای انتقالی', 'انتقالي شورا')];
/** What the editor pre-fills for a graded question (written out here, not imported: the test checks the editor against it). */
export const DEFAULT_GRADES = [T('Excellent', 'عالی', 'ډېر ښه'), T('Good', 'خوب', 'ښه'), T('Acceptable', 'قابل قبول', 'د منلو وړ'), T('Poor', 'ضعیف', 'کمزوری'), T('Reject', 'رد', 'رد')];
