/**
 * @module tenant-repository
 * Tenants (companies), their number sequences and dunning policies.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { dunningPolicies, numberSequences, type PostalAddress, tenants } from './schema.ts';

export type TenantRow = typeof tenants.$inferSelect;

export async function findTenantByCode(db: Db, code: string): Promise<TenantRow | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.code, code));
  return row;
}

export function allTenants(db: Db): Promise<TenantRow[]> {
  return db.select().from(tenants).orderBy(tenants.code);
}

export async function findTenantById(db: Db, tenantId: number): Promise<TenantRow | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.tenantId, tenantId));
  return row;
}

export async function insertTenant(
  db: Db,
  values: {
    code: string;
    name: string;
    state: string;
    address?: PostalAddress | null;
    settings?: Record<string, unknown>;
  },
): Promise<TenantRow> {
  const [row] = await db.insert(tenants).values(values).returning();
  return row as TenantRow;
}

export async function insertNumberSequences(
  db: Db,
  tenantId: number,
  sequences: readonly { kind: string; prefix: string }[],
): Promise<void> {
  await db
    .insert(numberSequences)
    .values(sequences.map((s) => ({ tenantId, kind: s.kind, prefix: s.prefix, nextValue: 1 })))
    .onConflictDoNothing();
}

/** Reserves `count` consecutive numbers of a kind; returns the prefix and the first value. */
export async function reserveNumbers(
  db: Db,
  tenantId: number,
  kind: string,
  count: number,
): Promise<{ prefix: string; first: number }> {
  const [row] = await db
    .update(numberSequences)
    .set({ nextValue: sql`${numberSequences.nextValue} + ${count}` })
    .where(and(eq(numberSequences.tenantId, tenantId), eq(numberSequences.kind, kind)))
    .returning({ prefix: numberSequences.prefix, next: numberSequences.nextValue });
  if (!row) throw new Error(`no number sequence "${kind}" for tenant ${tenantId}`);
  return { prefix: row.prefix, first: row.next - count };
}

export type PolicyRow = typeof dunningPolicies.$inferSelect;

export async function insertPolicyVersion(
  db: Db,
  tenantId: number,
  values: { key: string; version: number; document: Record<string, unknown>; defaultFor: string | null },
): Promise<void> {
  await db.insert(dunningPolicies).values({ tenantId, ...values });
}

/** The newest version of every policy of the tenant. */
export async function latestPolicies(db: Db, tenantId: number): Promise<PolicyRow[]> {
  const rows = await db
    .select()
    .from(dunningPolicies)
    .where(eq(dunningPolicies.tenantId, tenantId))
    .orderBy(dunningPolicies.key, desc(dunningPolicies.version));
  const latest = new Map<string, PolicyRow>();
  for (const row of rows) if (!latest.has(row.key)) latest.set(row.key, row);
  return [...latest.values()];
}

/** Every version of one policy of the tenant, newest first. */
export async function policyVersions(db: Db, tenantId: number, key: string): Promise<PolicyRow[]> {
  return db
    .select()
    .from(dunningPolicies)
    .where(and(eq(dunningPolicies.tenantId, tenantId), eq(dunningPolicies.key, key)))
    .orderBy(desc(dunningPolicies.version));
}

/**
 * Merges `patch` into one section of the company's settings document under a row lock, so a
 * setting changed at the same time in another section is kept, not overwritten. Returns the
 * section as it was.
 */
export async function updateSettingsSection(
  db: Db,
  tenantId: number,
  section: string,
  patch: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.tenantId, tenantId))
    .for('update');
  if (!row) return undefined;
  const previous = (row.settings[section] ?? {}) as Record<string, unknown>;
  await db
    .update(tenants)
    .set({ settings: { ...row.settings, [section]: { ...previous, ...patch } } })
    .where(eq(tenants.tenantId, tenantId));
  return previous;
}
