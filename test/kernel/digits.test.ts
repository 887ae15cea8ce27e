import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localDigits, parseTypedNumber, toAsciiDigits } from '../../src/kernel/digits.ts';

test('Persian/Pashto and Arabic-Indic digits become ASCII; other text stays', () => {
  assert.equal(toAsciiDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(toAsciiDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(toAsciiDigits('abc-۱۲x٣'), 'abc-12x3');
  assert.equal(toAsciiDigits('کابل'), 'کابل');
});

test('local digits for Dari and Pashto, ASCII for English', () => {
  assert.equal(localDigits(12, 'fa-AF'), '۱۲');
  assert.equal(localDigits('3.5', 'ps-AF'), '۳٫۵');
  assert.equal(localDigits(12, 'en'), '12');
  assert.equal(toAsciiDigits(localDigits(9876543210, 'fa-AF')), '9876543210');
});

test('numbers as typed on a Dari keyboard are read, anything doubtful is refused', () => {
  assert.equal(parseTypedNumber('۴۲'), 42);
  assert.equal(parseTypedNumber('۴۲٫۵'), 42.5);
  assert.equal(parseTypedNumber('١٢'), 12);
  assert.equal(parseTypedNumber(' 7 '), 7);
  assert.equal(parseTypedNumber('۱٬۰۰۰'), 1000);
  assert.equal(parseTypedNumber('-3'), -3);
  assert.equal(parseTypedNumber('۰٫۲۵'), 0.25);
  for (const bad of ['', 'abc', '1,5', '۱۲a', '1.2.3', '--1', 'Infinity', 'NaN', '1e5']) assert.equal(parseTypedNumber(bad), undefined, bad);
});
