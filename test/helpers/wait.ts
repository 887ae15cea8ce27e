// Waiting for a condition in tests: check it again and again until it holds or a
// deadline passes (never a fixed sleep that hopes the condition holds by then).
import assert from 'node:assert/strict';

/** Resolves once `condition()` is true; fails with `what()` after `timeoutMs`. Checks every `everyMs`. */
export async function until(condition: () => boolean | Promise<boolean>, options: { timeoutMs: number; everyMs?: number; what: () => string }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`${options.what()} (waited ${options.timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, options.everyMs ?? 100));
  }
}
