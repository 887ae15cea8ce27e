// Countries (the states that engage with the regime) by ISO 3166-1 alpha-2 code,
// with names in English, Dari and Pashto from the i18n-iso-countries package
// (CLDR-derived names; the Dari list uses its Persian names, awaiting review like
// every translation).
import { createRequire } from 'node:module';
import type { Translations } from '../kernel/texts.ts';

const require = createRequire(import.meta.url);
type CountriesLib = {
  registerLocale(data: unknown): void;
  getAlpha2Codes(): Record<string, string>;
  getName(code: string, lang: string): string | undefined;
  alpha2ToNumeric(code: string): string | undefined;
  numericToAlpha2(code: string): string | undefined;
};
const lib = require('i18n-iso-countries') as CountriesLib;
for (const l of ['en', 'fa', 'ps']) lib.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));

const CODES = new Set(Object.keys(lib.getAlpha2Codes()));

export function isCountryCode(code: string): boolean {
  return CODES.has(code);
}

export function countryNames(code: string): Translations {
  return { en: lib.getName(code, 'en') ?? code, 'fa-AF': lib.getName(code, 'fa') ?? code, 'ps-AF': lib.getName(code, 'ps') ?? code };
}

export function allCountries(): { code: string; names: Translations }[] {
  return [...CODES].sort().map((code) => ({ code, names: countryNames(code) }));
}

export function alpha2OfNumeric(numeric: string): string | undefined {
  return lib.numericToAlpha2(numeric);
}
