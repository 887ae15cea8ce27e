// Request validation: zod, with failures as 400 naming the field that is wrong.
import type { z } from 'zod';
import { formatIssues } from '../protocol/codec.ts';
import { InvalidRequest } from '../kernel/errors.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidRequest(`${what}: ${formatIssues(r.error)}`);
  return r.data;
}
