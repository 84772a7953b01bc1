import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/** FIFO lock: PGlite has one connection, so a request must not run SQL inside another's transaction. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return acquired;
  }
}

const mutexes = new WeakMap<PGlite, Mutex>();

function mutexFor(pglite: PGlite): Mutex {
  let mutex = mutexes.get(pglite);
  if (!mutex) {
    mutex = new Mutex();
    mutexes.set(pglite, mutex);
  }
  return mutex;
}

/**
 * The embedded database could not be opened (its directory missing, unusable or full). SQLSTATE
 * 08001, as for a server that cannot be reached: callers answer "unavailable, try again".
 */
export class DatabaseOpenError extends Error {
  readonly code = "08001";

  constructor(cause: unknown) {
    super("The embedded database could not be opened", { cause });
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pglite: PGlite,
    readonly release: () => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(query.sql, [...query.parameters]);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported by this driver.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite dialect does not support streaming");
  }
}

export interface PGliteDialectConfig {
  open: () => Promise<PGlite>;
  /** Runs once after opening, before any other query (the embedded database migrates itself). */
  onOpen?: (pglite: PGlite) => Promise<void>;
}

class PGliteDriver implements Driver {
  #pglite: PGlite | undefined;

  constructor(private readonly config: PGliteDialectConfig) {}

  async init(): Promise<void> {
    let pglite: PGlite;
    try {
      pglite = await this.config.open();
    } catch (cause) {
      throw new DatabaseOpenError(cause);
    }
    await this.config.onOpen?.(pglite);
    this.#pglite = pglite;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const pglite = this.#pglite;
    if (!pglite) throw new Error("PGlite is not open");
    const release = await mutexFor(pglite).lock();
    return new PGliteConnection(pglite, release);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection) {
    (connection as PGliteConnection).release();
  }

  async destroy() {
    await this.#pglite?.close();
    this.#pglite = undefined;
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly config: PGliteDialectConfig) {}

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PGliteDriver(this.config);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
