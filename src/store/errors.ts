// What the database refused, as types rather than Postgres's SQLSTATE codes, so that
// services say `e instanceof UniqueViolation` and never look at '23505'. Both drivers
// (PGlite and pg) report the SQLSTATE in `code`; db.ts translates every error of
// every query and of COMMIT through storeErrorOf. Services translate these into
// domain errors (a duplicate statement, say); any other store error is a fault.

/** A refusal by the database whose cause the store recognises. */
export class StoreError extends Error {
  /** The SQLSTATE the database reported (PostgreSQL appendix A). */
  readonly sqlState: string;
  /** The table and constraint named by the database, when it names them. */
  readonly table: string | undefined;
  readonly constraint: string | undefined;

  constructor(message: string, sqlState: string, details: { table?: string | undefined; constraint?: string | undefined; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = new.target.name;
    this.sqlState = sqlState;
    this.table = details.table;
    this.constraint = details.constraint;
  }
}

/** A row with the same key as one already stored (unique or primary key; 23505). */
export class UniqueViolation extends StoreError {}

/** A row that refers to a row that does not exist, or a deletion that would leave one (23503). */
export class ForeignKeyViolation extends StoreError {}

/** A value a CHECK constraint refuses (23514). */
export class CheckViolation extends StoreError {}

/** Two transactions could not both commit (serialization failure 40001, deadlock 40P01): retrying may succeed. */
export class TransactionConflict extends StoreError {}

const BY_SQLSTATE: Record<string, typeof StoreError> = {
  '23505': UniqueViolation,
  '23503': ForeignKeyViolation,
  '23514': CheckViolation,
  '40001': TransactionConflict,
  '40P01': TransactionConflict,
};

interface DriverError {
  message: string;
  code?: unknown;
  table?: unknown;
  constraint?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The typed error for a driver's error, or the error itself when the store has no type for it. */
export function storeErrorOf(e: unknown): unknown {
  if (e instanceof StoreError || typeof e !== 'object' || e === null) return e;
  const d = e as DriverError;
  const type = typeof d.code === 'string' ? BY_SQLSTATE[d.code] : undefined;
  if (!type) return e;
  return new type(d.message, d.code as string, { table: text(d.table), constraint: text(d.constraint), cause: e });
}
