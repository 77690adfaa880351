/**
 * @module canonical-state
 * Test support: the state of a tenant as a comparable value, without what differs between two runs
 * that did the same — row ids of rows the run created (sequences advance in rolled-back
 * transactions), timestamps, hashes. A child row names its parent by the parent's canonical content
 * (a notice item its notice, an allocation its payment), so the structure is compared too. Two
 * databases cloned from one template, one crashed and rerun and one run uninterrupted, must give
 * equal values: nothing lost, nothing doubled.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../src/db/database.ts';

/** Ids of rows a run creates, and times: they differ between equal runs. */
const VOLATILE = new Set([
  'id',
  'tenant_id',
  'seq',
  'hash',
  'prev_hash',
  'message_id',
  'run_id',
  'import_id',
  'reverses_payment_id',
  'reversed_by_payment_id',
  'bank_transaction_id',
  'sha256',
]);

/** Parents of child tables: the id column and the table it names. */
const PARENTS: Record<string, Record<string, string>> = {
  notice_items: { notice_id: 'notices' },
  payment_allocations: { payment_id: 'payments' },
  bank_statements: {},
  bank_entries: { statement_id: 'bank_statements' },
  bank_transactions: { entry_id: 'bank_entries' },
  direct_debits: { payment_id: 'payments' },
  tasks: { notice_id: 'notices' },
  outbox: { notice_id: 'notices' },
};

/** Ids inside texts ("payment 123 received", "notice:12:email") made comparable, also in JSON values. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\b(payment|notice|run|outbox entry|bank transaction) \d+/g, '$1 #')
      .replace(/^notice:\d+:/, 'notice:#:');
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

function canonical(
  row: Record<string, unknown>,
  parents: Record<string, Map<number, string>>,
  table: string,
) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const parentTable = PARENTS[table]?.[key];
    if (parentTable) {
      out[key] =
        value === null ? null : (parents[parentTable]?.get(Number(value)) ?? `unknown ${parentTable}`);
      continue;
    }
    if (VOLATILE.has(key) || key.endsWith('_at')) continue;
    out[key] = normalise(value);
  }
  return JSON.stringify(out);
}

export type CanonicalState = Record<string, string[]>;

/**
 * The rows of `tables` of the tenant (parents before children), each as sorted canonical JSON,
 * and the number of events by type and entity type.
 */
export async function canonicalState(
  db: Db,
  tenantId: number,
  tables: readonly string[],
): Promise<CanonicalState> {
  const state: CanonicalState = {};
  const parents: Record<string, Map<number, string>> = {};
  for (const table of tables) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table: ${table}`);
    const rows = await queryRows<{ row: Record<string, unknown> | string }>(
      db,
      sql`select to_jsonb(t) as row from ${sql.raw(table)} t where t.tenant_id = ${tenantId}`,
    );
    const byId = new Map<number, string>();
    const lines = rows.map(({ row }) => {
      const value = (typeof row === 'string' ? JSON.parse(row) : row) as Record<string, unknown>;
      const line = canonical(value, parents, table);
      if (value.id !== undefined) byId.set(Number(value.id), line);
      return line;
    });
    parents[table] = byId;
    state[table] = lines.sort();
  }
  const events = await queryRows<{ type: string; entity_type: string; n: number }>(
    db,
    sql`select type, entity_type, count(*)::int as n from events where tenant_id = ${tenantId}
         group by type, entity_type order by type, entity_type`,
  );
  state.events = events.map((e) => `${e.type} ${e.entity_type} ${Number(e.n)}`);
  return state;
}

/** Lines of `actual` missing in or added to `expected` (multisets), for a readable failure. */
export function stateDifference(expected: CanonicalState, actual: CanonicalState): Record<string, unknown> {
  const difference: Record<string, unknown> = {};
  for (const table of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const rest = [...(actual[table] ?? [])];
    const missing: string[] = [];
    for (const line of expected[table] ?? []) {
      const i = rest.indexOf(line);
      if (i >= 0) rest.splice(i, 1);
      else missing.push(line);
    }
    if (missing.length > 0 || rest.length > 0) difference[table] = { missing, extra: rest };
  }
  return difference;
}
