import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** Prometheus counters of one server instance, on a registry of its own so test servers do not share them. */
export class ReplicationMetrics {
  readonly registry = new Registry();
  readonly pulledDocuments = new Counter({
    name: 'jinban_replication_pulled_documents_total',
    help: 'Documents handed out by pull requests',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly pushedRows = new Counter({
    name: 'jinban_replication_pushed_rows_total',
    help: 'Rows received by push requests',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly writtenDocuments = new Counter({
    name: 'jinban_replication_written_documents_total',
    help: 'Documents written by push requests, including re-stamped children',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly conflicts = new Counter({
    name: 'jinban_replication_conflicts_total',
    help: 'Pushed rows whose assumed master state was out of date',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly rejectedRows = new Counter({
    name: 'jinban_replication_rejected_rows_total',
    help: 'Pushed rows refused by validation, state machine or scope rules',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
