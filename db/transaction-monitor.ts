import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from "kysely";

// Counts transactions open in this process on any database handle, so code
// that performs network I/O (SMTP) can assert it holds none: a transaction
// held across a slow network call would stall every request on PGlite's
// single connection.
let open = 0;

export function openTransactionCount(): number {
  return open;
}

/** Wraps a dialect so its driver reports begin/commit/rollback to the monitor. */
export function monitorTransactions(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => new MonitoredDriver(dialect.createDriver()),
  };
}

class MonitoredDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init() {
    return this.inner.init();
  }
  acquireConnection() {
    return this.inner.acquireConnection();
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(connection);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await this.inner.beginTransaction(connection, settings);
    open++;
  }
  async commitTransaction(connection: DatabaseConnection) {
    try {
      await this.inner.commitTransaction(connection);
    } finally {
      open--;
    }
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    try {
      await this.inner.rollbackTransaction(connection);
    } finally {
      open--;
    }
  }
  destroy() {
    return this.inner.destroy();
  }
}
