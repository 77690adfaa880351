/**
 * @module auth-service
 * Who may act: users with argon2id password hashes, browser sessions (random token in a cookie,
 * its SHA-256 in the table, a CSRF token beside it) and API tokens for machines (shown once,
 * stored hashed, scoped to one tenant and one role). Every change is an event; no secret is
 * ever written to an event or a log.
 */
import { sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  countUsers,
  deleteSessionByHash,
  deleteSessionsOfUser,
  findLiveApiToken,
  findLiveSession,
  countLoginFailure,
  findUsersByEmail,
  forgetLoginFailures,
  type LoginBackoff,
  takeLoginAttempt,
  insertApiToken,
  insertSession,
  insertUser,
  listApiTokenRows,
  listUserRows,
  revokeApiTokenRow,
  type Role,
  touchApiToken,
  touchSession,
  updateUserRow,
  type UserRow,
} from '../db/auth-repository.ts';
import type { Db } from '../db/database.ts';
import { appendEvents } from '../db/event-store.ts';
import { AppError } from './app-error.ts';
import type { ServiceContext } from './service-context.ts';

export const ROLES = ['admin', 'controller', 'viewer'] as const satisfies readonly Role[];
export type { Role };

/** Idle time after which a session ends; every request within it extends it. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** A session ends this long after its login however busy it is (OWASP: absolute timeout), so a stolen cookie dies. */
export const SESSION_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;
/** Five failed logins in a row are free; then 1, 2, 4 … seconds between attempts, at most a minute. */
export const LOGIN_BACKOFF: LoginBackoff = { freeFailures: 5, maxWaitSeconds: 60 };
export const MIN_PASSWORD_LENGTH = 12;
const API_TOKEN_PREFIX = 'mw_';

/** The one who makes a request: a user in a browser session or a machine with an API token. */
export interface Caller {
  tenantId: number;
  tenant: { code: string; name: string };
  role: Role;
  /** Recorded with every event: `user:<email>` or `api-token:<id>`. */
  actor: string;
  user: { id: number; email: string; name: string; role: Role; language: 'de' | 'en' } | null;
  /** Only for sessions: the browser sends it back in `x-csrf-token`. */
  csrfToken: string | null;
}

export const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation', `password: at least ${MIN_PASSWORD_LENGTH} characters`, {
      issues: [{ path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
}

/** A hash to verify against when the e-mail is unknown, so that the answer takes as long either way. */
let decoyHash: Promise<string> | null = null;

export interface LoginResult {
  sessionToken: string;
  caller: Caller;
}

export async function login(
  db: Db,
  input: { email: string; password: string },
  now: Date,
): Promise<LoginResult> {
  // Guessing one account's password from many addresses (which the per-address limit of the route
  // does not see) is slowed per account: after a few failures in a row each attempt waits longer.
  const emailKey = sha256(input.email.trim().toLowerCase());
  const waitSeconds = await takeLoginAttempt(db, emailKey, now, LOGIN_BACKOFF);
  if (waitSeconds > 0) {
    throw new AppError(
      'rate-limited',
      `too many failed logins for this e-mail address: try again in ${waitSeconds} s`,
    );
  }
  // The same e-mail may be a user in several companies: the password decides which.
  const matching = (await findUsersByEmail(db, input.email.trim())).filter((u) => u.active);
  let user: UserRow | undefined;
  for (const candidate of matching) {
    if (candidate.passwordHash && (await verify(candidate.passwordHash, input.password))) {
      user = candidate;
      break;
    }
  }
  if (matching.length === 0) {
    decoyHash ??= hash(randomToken());
    await verify(await decoyHash, input.password);
  }
  if (!user) {
    const failures = await countLoginFailure(db, emailKey);
    // Each company with this address sees the failed attempt in its audit log.
    for (const candidate of matching) {
      await appendEvents(
        db,
        candidate.tenantId,
        `user:${candidate.email}`,
        [{ type: 'user.login-failed', entityType: 'user', entityId: candidate.id, payload: { failures } }],
        now,
      );
    }
    throw new AppError('unauthenticated', 'e-mail or password is wrong');
  }
  await forgetLoginFailures(db, emailKey);
  // A new random token at every login (never one the browser brought along): no session fixation.
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  await insertSession(db, {
    tenantId: user.tenantId,
    userId: user.id,
    tokenHash: sha256(sessionToken),
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: sessionExpiry(now, now),
  });
  await appendEvents(
    db,
    user.tenantId,
    `user:${user.email}`,
    [{ type: 'user.logged-in', entityType: 'user', entityId: user.id, payload: {} }],
    now,
  );
  const found = await findLiveSession(db, sha256(sessionToken), now);
  if (!found) throw new Error('session vanished right after login');
  return { sessionToken, caller: sessionCaller(found) };
}

function sessionCaller(found: NonNullable<Awaited<ReturnType<typeof findLiveSession>>>): Caller {
  const { session, user, tenant } = found;
  return {
    tenantId: session.tenantId,
    tenant,
    role: user.role,
    actor: `user:${user.email}`,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, language: user.language },
    csrfToken: session.csrfToken,
  };
}

/** When a session seen at `now` ends: after the idle time, but never later than the absolute lifetime. */
function sessionExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_ABSOLUTE_MS));
}

/** The caller of a session cookie, or null when it is unknown, idle too long or older than its lifetime. */
export async function authenticateSession(db: Db, sessionToken: string, now: Date): Promise<Caller | null> {
  const found = await findLiveSession(db, sha256(sessionToken), now);
  if (!found) return null;
  if (now.getTime() - found.session.createdAt.getTime() >= SESSION_ABSOLUTE_MS) return null;
  if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await touchSession(
      db,
      found.session.tenantId,
      found.session.id,
      now,
      sessionExpiry(found.session.createdAt, now),
    );
  }
  return sessionCaller(found);
}

export async function logout(db: Db, sessionToken: string): Promise<void> {
  await deleteSessionByHash(db, sha256(sessionToken));
}

/** Ends every session of the user, in every browser; recorded as an event. */
export async function logoutEverywhere(ctx: ServiceContext, userId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await deleteSessionsOfUser(tx, ctx.tenantId, userId);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [{ type: 'user.logged-out-everywhere', entityType: 'user', entityId: userId, payload: {} }],
      ctx.now(),
    );
  });
}

/** The caller of an API token (`mw_…`), or null when it is unknown or revoked. */
export async function authenticateApiToken(db: Db, token: string, now: Date): Promise<Caller | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const found = await findLiveApiToken(db, sha256(token));
  if (!found) return null;
  const { token: row, tenant } = found;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await touchApiToken(db, row.tenantId, row.id, now);
  }
  return {
    tenantId: row.tenantId,
    tenant,
    role: row.role,
    actor: `api-token:${row.id}`,
    user: null,
    csrfToken: null,
  };
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  password: string;
  language?: 'de' | 'en';
}

export function publicUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    language: u.language,
    active: u.active,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function createUser(ctx: ServiceContext, input: CreateUserInput) {
  checkPassword(input.password);
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const existing = (await findUsersByEmail(tx, email)).filter((u) => u.tenantId === ctx.tenantId);
    if (existing.length > 0) throw new AppError('conflict', `a user with e-mail ${email} exists already`);
    const user = await insertUser(tx, {
      tenantId: ctx.tenantId,
      email,
      name: input.name,
      role: input.role,
      passwordHash,
      language: input.language ?? 'de',
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [{ type: 'user.created', entityType: 'user', entityId: user.id, payload: { email, role: input.role } }],
      ctx.now(),
    );
    return publicUser(user);
  });
}

export async function listUsers(ctx: ServiceContext) {
  return (await listUserRows(ctx.db, ctx.tenantId)).map(publicUser);
}

/** Deactivates a user and ends their sessions; the row stays, because events name them. */
export async function deactivateUser(ctx: ServiceContext, userId: number, callerUserId: number | null) {
  if (userId === callerUserId) throw new AppError('conflict', 'you cannot deactivate yourself');
  return ctx.db.transaction(async (tx) => {
    const user = await updateUserRow(tx, ctx.tenantId, userId, { active: false });
    if (!user) throw new AppError('not-found', `user ${userId} not found`);
    await deleteSessionsOfUser(tx, ctx.tenantId, userId);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [{ type: 'user.deactivated', entityType: 'user', entityId: userId, payload: { email: user.email } }],
      ctx.now(),
    );
    return publicUser(user);
  });
}

/** Changes the caller's own password; ends every other session of theirs. */
export async function changePassword(
  ctx: ServiceContext,
  userId: number,
  input: { currentPassword: string; newPassword: string },
) {
  checkPassword(input.newPassword);
  const [user] = (await listUserRows(ctx.db, ctx.tenantId)).filter((u) => u.id === userId);
  if (!user?.passwordHash || !(await verify(user.passwordHash, input.currentPassword))) {
    throw new AppError('validation', 'currentPassword: the current password is wrong', {
      issues: [{ path: 'currentPassword', message: 'the current password is wrong' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await updateUserRow(tx, ctx.tenantId, userId, { passwordHash });
    await deleteSessionsOfUser(tx, ctx.tenantId, userId);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [{ type: 'user.password-changed', entityType: 'user', entityId: userId, payload: {} }],
      ctx.now(),
    );
  });
}

/**
 * On the first start: the tenant's first admin, with `MAHNWERK_ADMIN_PASSWORD` or a generated
 * password that the caller prints once. Null when the tenant has users already.
 */
export async function ensureFirstAdmin(
  ctx: ServiceContext,
  options: { email?: string; password?: string },
): Promise<{ email: string; password: string; generated: boolean } | null> {
  if ((await countUsers(ctx.db, ctx.tenantId)) > 0) return null;
  const generated = !options.password;
  const password = options.password ?? randomToken(12);
  const email = options.email ?? 'admin@localhost';
  // Several server processes starting at once on a fresh database: one makes the admin, the others
  // wait for it here and then find a user (before, the second stopped with a duplicate e-mail).
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ctx.tenantId}, ${FIRST_ADMIN_LOCK})`);
    if ((await countUsers(tx, ctx.tenantId)) > 0) return null;
    await createUser({ ...ctx, db: tx }, { email, name: 'Administrator', role: 'admin', password });
    return { email, password, generated };
  });
}

/** The second key of the first admin's advisory lock (the first is the tenant). */
const FIRST_ADMIN_LOCK = 0x61646d6e; // "admn"

export function publicToken(t: Awaited<ReturnType<typeof listApiTokenRows>>[number]) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** A new API token; the secret is in the result only, never again. */
export async function createApiToken(ctx: ServiceContext, input: { name: string; role: Role }) {
  const secret = `${API_TOKEN_PREFIX}${randomToken()}`;
  return ctx.db.transaction(async (tx) => {
    const row = await insertApiToken(tx, {
      tenantId: ctx.tenantId,
      name: input.name,
      role: input.role,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 10),
      createdBy: ctx.actor,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'api-token.created',
          entityType: 'api-token',
          entityId: row.id,
          payload: { name: input.name, role: input.role, prefix: row.prefix },
        },
      ],
      ctx.now(),
    );
    return { ...publicToken(row), token: secret };
  });
}

export async function listApiTokens(ctx: ServiceContext) {
  return (await listApiTokenRows(ctx.db, ctx.tenantId)).map(publicToken);
}

export async function revokeApiToken(ctx: ServiceContext, tokenId: number) {
  return ctx.db.transaction(async (tx) => {
    const row = await revokeApiTokenRow(tx, ctx.tenantId, tokenId, ctx.now());
    if (!row) throw new AppError('not-found', `API token ${tokenId} not found or revoked already`);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'api-token.revoked',
          entityType: 'api-token',
          entityId: tokenId,
          payload: { name: row.name },
        },
      ],
      ctx.now(),
    );
    return publicToken(row);
  });
}
