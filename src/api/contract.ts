// The shape of the contract between the server and its clients, in the manner of
// Belenios's endpoints.mli: each endpoint is a value (method, path, and zod schemas of
// its parameters, query, body and answer). The server registers its routes from these
// values (src/server/plugins/http.ts), the OpenAPI document is generated from them, and
// the web app can build typed clients from the same values.
import { z } from 'zod';
import { ERROR_CODES } from '../kernel/errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** An answer that is not JSON built by the server (a file, a feed, bytes kept as written). */
export interface FileAnswer {
  contentType: string;
  /** What the bytes are, for the OpenAPI document (a zod schema of the JSON files). */
  schema: z.ZodType;
  description: string;
}

export interface Endpoint {
  method: Method;
  /** Path under /api, with :parameters as Fastify writes them. */
  path: string;
  /** One line for the OpenAPI document and docs/api.md. */
  summary: string;
  /** The domain, one per file of src/api (elections, conversations...). */
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The JSON answer (200), or a file. */
  response: z.ZodType | FileAnswer;
  /** The answer when the work was accepted but is not done yet (202): it goes on in the background. */
  accepted?: z.ZodType;
  /** The answer carries an ETag; a request with If-None-Match gets 304 when it still holds. */
  revalidates?: boolean;
}

/** Declare an endpoint (keeps its literal type, so handlers are typed from its schemas). */
export const endpoint = <const E extends Endpoint>(e: E): E => e;

export const isFileAnswer = (r: Endpoint['response']): r is FileAnswer => !(r instanceof z.ZodType);

/** A file answer (CSV, JSON to save, an archive). */
export const file = (contentType: string, description: string, schema: z.ZodType = z.string()): FileAnswer => ({ contentType, schema, description });
/** Bytes (an archive, an uploaded copy). */
export const bytes = (contentType: string, description: string): FileAnswer => file(contentType, description, z.string().meta({ format: 'binary' }));

/**
 * What a request part is called in error messages ("election: questions: an election
 * needs at least one question"). The server's validator reads it; it is not part of the
 * JSON Schema. `field`: the name stands for this one field of the part (a path parameter).
 */
export const requestNames = z.registry<{ name: string; field?: string }>();

/** Give a request schema the name its error messages start with. */
export function named<S extends z.ZodType>(schema: S, name: string, field?: string): S {
  requestNames.add(schema, field === undefined ? { name } : { name, field });
  return schema;
}

// ------------------------------------------------------------ shared pieces

/** Every refusal: the message in English, a code from the closed set for other languages. */
export const zErrorBody = z.strictObject({
  error: z.string(),
  code: z.enum(ERROR_CODES),
  /** 409 'duplicate' or 'near-duplicate': the statement this one repeats. */
  statement: z.number().int().optional(),
  /** What a person needs to act on the code, in any language: `field` (the request's field
   * to correct), `retryAfter` (seconds to wait)... */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ErrorBody = z.infer<typeof zErrorBody>;

/** The answer of actions that return nothing else. */
export const zOk = z.strictObject({ ok: z.literal(true) });

/** A convention, conversation, delegation, claim or benchmark by its id. */
export const zIdParams = z.strictObject({ id: z.string() });
/** An election by its uuid. */
export const zUuidParams = z.strictObject({ uuid: z.string() });
/** A new thing's id. */
export const zCreated = z.strictObject({ id: z.string() });

/** A text in up to three languages, as the server shows it. */
export const zTexts = z.strictObject({ en: z.string().optional(), 'fa-AF': z.string().optional(), 'ps-AF': z.string().optional() });
/** A text from election.json: translations when Jirga wrote it, else `raw` as written. */
export const zElectionText = zTexts.extend({ raw: z.string().optional() });

/** A date and time as ISO 8601 text. */
export const zInstantText = z.string().meta({ format: 'date-time' });
