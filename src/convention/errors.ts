// Errors of the convention service, each mapped to an HTTP status by the server.
import { JirgaError } from '../protocol/errors.ts';

/** 404: no such convention, election or link. */
export class NotFound extends JirgaError {}
/** 409: the request does not fit the election's current state (closed, not yet open...). */
export class Conflict extends JirgaError {}
/** 403: the caller may not do this (wrong credential, link for another role...). */
export class Forbidden extends JirgaError {}
/** 401: an organiser must log in. */
export class Unauthenticated extends JirgaError {}
