/**
 * Moves a county from SQLite to PostgreSQL:
 *
 *   npm run migrate:sqlite-to-postgres -- --from data/jinban.sqlite --to "$DATABASE_URL" [--schema <schema>]
 *
 * Stop the server first: writes made after a table was copied would stay behind. `--schema` defaults to
 * DATABASE_SCHEMA (unset: `public`). Both databases are first brought to the current migrations, as the server does
 * on start; then every table of the SQLite database except schema_migrations is copied, parents before the tables
 * whose foreign keys point at them, in batches of one transaction each. Documents keep their seq (so clients'
 * checkpoints stay valid) and are copied in seq order; sequences are moved past the copied values. The command
 * refuses to copy into a target where any of these tables holds a row, so a half-finished run is never mixed with a
 * second one: drop the target schema and run again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../config';
import { PostgresStore } from '../store/postgres/postgres-store';
import { SqliteStore } from '../store/sqlite/sqlite-store';

// Postgres allows 65535 parameters per statement.
const MAX_PARAMETERS = 60_000;
const MAX_BATCH_ROWS = 1000;
// Attachments hold photos: a batch also ends once its values reach this size.
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Tables read in an order other than their primary key's. */
const READ_ORDER: Readonly<Record<string, string>> = { documents: 'seq' };
/** Sequences that no column owns, with the column whose values they hand out. */
const FREE_SEQUENCES: readonly { table: string; column: string; sequence: string }[] = [
  { table: 'documents', column: 'seq', sequence: 'document_seq' },
];

type SqliteRow = Record<string, unknown>;

class MigrationRefused extends Error {}

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Tables to copy, each after the tables its foreign keys reference. */
function tablesInCopyOrder(source: Database.Database): string[] {
  const tables = source
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
  const ordered: string[] = [];
  const visit = (table: string): void => {
    if (ordered.includes(table)) return;
    const references = source.pragma(`foreign_key_list(${quote(table)})`) as { table: string }[];
    for (const { table: parent } of references) if (parent !== table) visit(parent);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

function orderOf(source: Database.Database, table: string): string {
  const explicit = READ_ORDER[table];
  if (explicit !== undefined) return quote(explicit);
  const keys = (source.pragma(`table_info(${quote(table)})`) as { name: string; pk: number }[])
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => quote(column.name));
  return keys.length > 0 ? keys.join(', ') : 'rowid';
}

interface TablePlan {
  readonly table: string;
  readonly columns: readonly string[];
  /** information_schema data_type of each column in the target. */
  readonly targetTypes: readonly string[];
}

async function migrate(from: string, to: string, schema: string | undefined): Promise<void> {
  if (!existsSync(from)) throw new MigrationRefused(`找不到数据库 / database not found: ${from}`);
  // The same migrations the server applies on start, so both sides have the same tables and columns.
  await SqliteStore.open(from).close();
  await (
    await PostgresStore.open({ connectionString: to, ...(schema === undefined ? {} : { schema }) })
  ).close();

  const source = new Database(from, { readonly: true, fileMustExist: true });
  const target = new pg.Client({
    connectionString: to,
    application_name: 'jinban-sqlite-to-postgres',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  await target.connect();
  try {
    const plans = await planCopy(source, target);
    for (const plan of plans) {
      const copied = await copyTable(source, target, plan);
      process.stdout.write(`${plan.table}: ${copied}\n`);
    }
    await moveSequencesPastCopiedValues(target, plans);
  } finally {
    source.close();
    await target.end();
  }
}

/** Checks everything before the first row is copied: same migrations, every table and column, an empty target. */
async function planCopy(source: Database.Database, target: pg.Client): Promise<TablePlan[]> {
  const versions = (rows: readonly { version: number }[]): string =>
    rows
      .map((row) => Number(row.version))
      .sort((a, b) => a - b)
      .join(',');
  const sourceVersions = versions(
    source.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all(),
  );
  const targetVersions = versions(
    (await target.query<{ version: number }>('SELECT version FROM schema_migrations')).rows,
  );
  if (sourceVersions !== targetVersions) {
    throw new MigrationRefused(
      `两边的迁移版本不同 / the databases are at different migrations: SQLite ${sourceVersions}, PostgreSQL ${targetVersions}`,
    );
  }

  const targetColumns = new Map<string, Map<string, string>>();
  const { rows } = await target.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema()`,
  );
  for (const row of rows) {
    const table = targetColumns.get(row.table_name) ?? new Map<string, string>();
    table.set(row.column_name, row.data_type);
    targetColumns.set(row.table_name, table);
  }

  const plans: TablePlan[] = [];
  for (const table of tablesInCopyOrder(source)) {
    const typesOfTable = targetColumns.get(table);
    if (typesOfTable === undefined)
      throw new MigrationRefused(`目标缺少表 / the target has no table ${table}`);
    const columns = (source.pragma(`table_info(${quote(table)})`) as { name: string }[]).map(
      (column) => column.name,
    );
    const targetTypes = columns.map((column) => {
      const type = typesOfTable.get(column);
      if (type === undefined)
        throw new MigrationRefused(`目标缺少列 / the target has no column ${table}.${column}`);
      return type;
    });
    const { rows: occupied } = await target.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS present`,
    );
    if (occupied[0]!.present) {
      throw new MigrationRefused(
        `目标数据库不是空的（表 ${table} 已有数据），未复制任何数据 / the target is not empty (${table} holds rows); nothing was copied`,
      );
    }
    plans.push({ table, columns, targetTypes });
  }
  return plans;
}

async function copyTable(source: Database.Database, target: pg.Client, plan: TablePlan): Promise<number> {
  const { table, columns, targetTypes } = plan;
  const batchSize = Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns.length));
  const columnList = columns.map(quote).join(', ');
  const rows = source
    .prepare<[], SqliteRow>(`SELECT ${columnList} FROM ${quote(table)} ORDER BY ${orderOf(source, table)}`)
    .iterate();

  let copied = 0;
  let batch: unknown[][] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const placeholders = batch.map(
      (_, row) => `(${columns.map((_column, index) => `$${row * columns.length + index + 1}`).join(', ')})`,
    );
    await target.query('BEGIN');
    try {
      await target.query(
        `INSERT INTO ${quote(table)} (${columnList}) VALUES ${placeholders.join(', ')}`,
        batch.flat(),
      );
      await target.query('COMMIT');
    } catch (error) {
      await target.query('ROLLBACK');
      throw error;
    }
    copied += batch.length;
    batch = [];
    batchBytes = 0;
  };
  for (const row of rows) {
    const values = columns.map((column, index) => {
      const value = row[column];
      if (typeof value === 'string' || Buffer.isBuffer(value)) batchBytes += value.length;
      // SQLite keeps booleans as 0/1.
      return targetTypes[index] === 'boolean' && value !== null ? value !== 0 : value;
    });
    batch.push(values);
    if (batch.length === batchSize || batchBytes >= MAX_BATCH_BYTES) await flush();
  }
  await flush();
  return copied;
}

async function moveSequencesPastCopiedValues(target: pg.Client, plans: readonly TablePlan[]): Promise<void> {
  const sequences = FREE_SEQUENCES.filter(({ table }) => plans.some((plan) => plan.table === table));
  for (const { table, columns } of plans) {
    for (const column of columns) {
      const { rows } = await target.query<{ sequence: string | null }>(
        'SELECT pg_get_serial_sequence($1, $2) AS sequence',
        [quote(table), column],
      );
      const sequence = rows[0]!.sequence;
      if (sequence !== null) sequences.push({ table, column, sequence });
    }
  }
  for (const { table, column, sequence } of sequences) {
    // is_called = false: the next value handed out is the one given here.
    await target.query(
      `SELECT setval($1, COALESCE(MAX(${quote(column)}), 0) + 1, false) FROM ${quote(table)}`,
      [sequence],
    );
  }
}

const { values } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' }, schema: { type: 'string' } },
});
const config = loadConfig();
const from = values.from ?? join(config.dataDir, 'jinban.sqlite');
const to = values.to ?? config.databaseUrl;
const schema = values.schema ?? config.databaseSchema;
if (to === undefined) {
  process.stderr.write(
    '用法 / usage: npm run migrate:sqlite-to-postgres -- --from <jinban.sqlite> --to <postgres-url> [--schema <schema>]\n',
  );
  process.exit(2);
}
try {
  await migrate(from, to, schema);
  process.stdout.write(
    `已迁移 / migrated ${from} → PostgreSQL${schema === undefined ? '' : ` (${schema})`}\n`,
  );
} catch (error) {
  process.stderr.write(`迁移失败 / migration failed: ${(error as Error).message}\n`);
  process.exit(error instanceof MigrationRefused ? 3 : 1);
}
