// Property tests: one seed per run, from JIRGA_PROPERTY_SEED or fresh, named in the
// failure message so that a failing run can be replayed:
//   JIRGA_PROPERTY_SEED=123456 node --import tsx --test test/protocol/proofs.test.ts
// The seed fixes the generated inputs (questions, choices, which field is changed);
// the cryptographic randomness inside the code under test (keys, encryption) is not
// seeded, so a failure that depends on it replays only as a similar case.
import fc from 'fast-check';

function seedFromEnvironment(): number {
  const text = process.env.JIRGA_PROPERTY_SEED;
  if (text === undefined || text === '') return (Math.random() * 2 ** 31) | 0;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`JIRGA_PROPERTY_SEED must be a whole number, not "${text}"`);
  return seed | 0;
}

export const PROPERTY_SEED = seedFromEnvironment();

/**
 * A test's own fixed seed (the same cases on every run, so that CI cannot turn red by
 * chance), unless JIRGA_PROPERTY_SEED asks for another: `JIRGA_PROPERTY_SEED=n` explores.
 */
export function fixedSeed(seed: number): number {
  return process.env.JIRGA_PROPERTY_SEED ? PROPERTY_SEED : seed;
}

function withSeed(e: unknown, seed = PROPERTY_SEED): Error {
  const message = e instanceof Error ? e.message : String(e);
  const error = new Error(`${message}\n\nproperty seed ${seed}: replay with JIRGA_PROPERTY_SEED=${seed}`);
  if (e instanceof Error) error.cause = e;
  return error;
}

/** fc.assert with the run's seed (or `seed`, see fixedSeed) and `numRuns` cases; a failure names the seed. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, numRuns: number, seed = PROPERTY_SEED): void {
  try {
    fc.assert(property, { seed, numRuns });
  } catch (e) {
    throw withSeed(e, seed);
  }
}

/** The same for asynchronous properties. */
export async function assertAsyncProperty<Ts>(property: fc.IAsyncProperty<Ts>, numRuns: number, seed = PROPERTY_SEED): Promise<void> {
  try {
    await fc.assert(property, { seed, numRuns });
  } catch (e) {
    throw withSeed(e, seed);
  }
}
