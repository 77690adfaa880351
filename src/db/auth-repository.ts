/**
 * @module auth-repository
 * Users, browser sessions and API tokens. Sessions and tokens are looked up by the SHA-256 of
 * the secret the caller presents; the secret itself is never stored.
 */
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { apiTokens, idempotencyKeys, loginAttempts, sessions, tenants, users } from './schema.ts';

export type UserRow = typeof users.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type Role = UserRow['role'];

export async function findUsersByEmail(db: Db, email: string): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
}

export async function findUserById(db: Db, tenantId: number, userId: number): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return row;
}

export async function listUserRows(db: Db, tenantId: number): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(users.id);
}

export async function countUsers(db: Db, tenantId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.tenantId, tenantId));
  return row?.n ?? 0;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row as UserRow;
}

export async function updateUserRow(
  db: Db,
  tenantId: number,
  userId: number,
  values: Partial<Pick<UserRow, 'name' | 'role' | 'passwordHash' | 'language' | 'active'>>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set(values)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)))
    .returning();
  return row;
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

/** The live session with this token hash, its user and tenant; touches `last_seen_at`. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ session: sessions, user: users, tenant: { code: tenants.code, name: tenants.name } })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .innerJoin(tenants, eq(tenants.tenantId, sessions.tenantId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.active, true)));
  return row;
}

export async function touchSession(db: Db, tenantId: number, sessionId: number, now: Date, expiresAt: Date) {
  await db
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, sessionId)));
}

export async function deleteSessionByHash(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionsOfUser(db: Db, tenantId: number, userId: number): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId)));
}

/** How long the next login of an address waits after `failures` failed ones in a row. */
export interface LoginBackoff {
  /** Failures allowed in a row before attempts have to wait. */
  freeFailures: number;
  maxWaitSeconds: number;
}

/**
 * Takes an attempt to log in with an address, unless it must still wait: allowed are the first
 * `freeFailures` in a row, then one attempt per 1, 2, 4 … seconds up to `maxWaitSeconds` after the
 * previous attempt. Atomic, so attempts sent at once are counted once each across server processes.
 * Returns the seconds left to wait, or 0 when the attempt may go ahead.
 */
export async function takeLoginAttempt(
  db: Db,
  emailKey: string,
  now: Date,
  backoff: LoginBackoff,
): Promise<number> {
  const wait = sql`make_interval(secs => least(${backoff.maxWaitSeconds}::float8, power(2, ${loginAttempts.failures} - ${backoff.freeFailures})))`;
  const [taken] = await db
    .insert(loginAttempts)
    .values({ emailKey, failures: 0, lastAttemptAt: now })
    .onConflictDoUpdate({
      target: loginAttempts.emailKey,
      set: { lastAttemptAt: now },
      setWhere: sql`${loginAttempts.failures} < ${backoff.freeFailures} or ${loginAttempts.lastAttemptAt} <= ${now.toISOString()}::timestamptz - ${wait}`,
    })
    .returning({ failures: loginAttempts.failures });
  if (taken) return 0;
  const [row] = await db
    .select({
      left: sql<number>`ceil(extract(epoch from (${loginAttempts.lastAttemptAt} + ${wait} - ${now.toISOString()}::timestamptz)))::int`,
    })
    .from(loginAttempts)
    .where(eq(loginAttempts.emailKey, emailKey));
  return Math.max(1, row?.left ?? 1);
}

/** Counts a failed login of the address; returns the failures in a row so far. */
export async function countLoginFailure(db: Db, emailKey: string): Promise<number> {
  const [row] = await db
    .update(loginAttempts)
    .set({ failures: sql`${loginAttempts.failures} + 1` })
    .where(eq(loginAttempts.emailKey, emailKey))
    .returning({ failures: loginAttempts.failures });
  return row?.failures ?? 1;
}

/** Addresses whose last attempt lies before `before`: their count starts again anyway. */
export async function deleteLoginAttemptsBefore(db: Db, before: Date): Promise<void> {
  await db.delete(loginAttempts).where(lt(loginAttempts.lastAttemptAt, before));
}

export async function forgetLoginFailures(db: Db, emailKey: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.emailKey, emailKey));
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function insertApiToken(db: Db, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row as ApiTokenRow;
}

export async function findLiveApiToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, tenant: { code: tenants.code, name: tenants.name } })
    .from(apiTokens)
    .innerJoin(tenants, eq(tenants.tenantId, apiTokens.tenantId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

export async function touchApiToken(db: Db, tenantId: number, tokenId: number, now: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.id, tokenId)));
}

export async function listApiTokenRows(db: Db, tenantId: number): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.tenantId, tenantId)).orderBy(apiTokens.id);
}

export async function revokeApiTokenRow(
  db: Db,
  tenantId: number,
  tokenId: number,
  now: Date,
): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
    .returning();
  return row;
}

/** Forgets the responses kept for `Idempotency-Key`s older than `before`: a retry comes within minutes, not days. */
export async function deleteIdempotencyKeysBefore(db: Db, before: Date): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
}
