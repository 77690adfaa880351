/**
 * @module portal-link-service
 * The customer's way into the self-service portal, without a password: a personal link
 * (`<public url>/portal#<token>`) that expires and can be revoked, optionally with a one-time code
 * sent by e-mail. Only the SHA-256 of a token is stored. The token sits in the fragment of the link,
 * which the browser never sends to a server, so it never reaches a request line or a log; the portal
 * page posts it once in a request body and receives a short-lived session in return (an HttpOnly
 * cookie, or a bearer token). A session is a row of `portal_links` of its own (`createdBy`
 * `portal-session:<link id>`), for one customer of one company; revoking a link ends its sessions.
 *
 * Every step is an event on the customer's timeline (`portal.link-created`, `-revoked`, `-opened`,
 * `portal.code-sent`); neither a token nor a code is ever written to an event or a log.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { findCustomerById } from '../db/customer-repository.ts';
import { enqueueDeliveries } from '../db/delivery-repository.ts';
import { findNotice } from '../db/notice-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import {
  clearPortalCode,
  countPortalCodeAttempt,
  findPortalLinkByHash,
  insertPortalLink,
  listPortalLinkRows,
  type PortalLinkRow,
  revokePortalLinkRows,
  revokePortalSessionRow,
  SESSION_CREATOR_PREFIX,
  setPortalCode,
  touchPortalLink,
} from '../db/portal-repository.ts';
import { findTenantById } from '../db/tenant-repository.ts';
import { portalCodeMessage } from '../delivery/portal-email.ts';
import { AppError } from './app-error.ts';
import { sha256 } from './auth-service.ts';
import { getPortalSettings, publicBaseUrl } from './portal-settings-service.ts';
import type { ServiceContext } from './service-context.ts';

/** How long a portal session lasts (not extended: the customer opens the link again). */
export const PORTAL_SESSION_MS = 2 * 60 * 60 * 1000;
/** How long a one-time code is valid. */
export const PORTAL_CODE_MS = 10 * 60 * 1000;
/** Wrong codes after which the code is void and a new one must be requested. */
export const PORTAL_CODE_MAX_ATTEMPTS = 5;

const DAY_MS = 24 * 60 * 60 * 1000;

const randomToken = () => randomBytes(32).toString('base64url');

export interface PortalLinkView {
  id: number;
  customerId: number;
  status: 'active' | 'expired' | 'revoked';
  codeRequired: boolean;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

function viewOf(row: PortalLinkRow, now: Date): PortalLinkView {
  return {
    id: row.id,
    customerId: row.customerId,
    status: row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'active',
    codeRequired: row.codeRequired,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** The link a customer opens: the token in the fragment, never in the path or the query. */
export function portalUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/portal#${token}`;
}

export interface CreatedPortalLink {
  link: PortalLinkView;
  /** Shown once; only its hash is stored. */
  token: string;
  url: string;
}

export interface CreatePortalLinkInput {
  customerId: number;
  /** Default: the company's `portal.linkValidityDays`. */
  validDays?: number;
  /** Default: the company's `portal.requireCode`. */
  codeRequired?: boolean;
  /** Why the link was made, for the event: by a person (`manual`) or for a notice e-mail. */
  purpose?: 'manual' | 'notice-email';
}

/** A new link for a customer of the company, inside the caller's transaction. */
async function createLinkIn(
  tx: Db,
  ctx: ServiceContext,
  input: CreatePortalLinkInput,
): Promise<CreatedPortalLink> {
  const customer = await findCustomerById(tx, ctx.tenantId, input.customerId);
  if (!customer) throw new AppError('not-found', `customer ${input.customerId} not found`);
  const settings = await getPortalSettings({ db: tx, tenantId: ctx.tenantId });
  const validDays = input.validDays ?? settings.linkValidityDays;
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 365) {
    throw new AppError('validation', 'validDays: between 1 and 365 days', {
      issues: [{ path: 'validDays', message: 'between 1 and 365 days' }],
    });
  }
  const now = ctx.now();
  const token = randomToken();
  const row = await insertPortalLink(tx, {
    tenantId: ctx.tenantId,
    customerId: customer.id,
    tokenHash: sha256(token),
    expiresAt: new Date(now.getTime() + validDays * DAY_MS),
    codeRequired: input.codeRequired ?? settings.requireCode,
    createdBy: ctx.actor,
  });
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      {
        type: 'portal.link-created',
        entityType: 'customer',
        entityId: customer.id,
        customerId: customer.id,
        payload: {
          linkId: row.id,
          expiresAt: row.expiresAt.toISOString(),
          codeRequired: row.codeRequired,
          purpose: input.purpose ?? 'manual',
        },
      },
    ],
    now,
  );
  return {
    link: viewOf(row, now),
    token,
    url: portalUrl(publicBaseUrl(settings, process.env), token),
  };
}

export async function createPortalLink(
  ctx: ServiceContext,
  input: CreatePortalLinkInput,
): Promise<CreatedPortalLink> {
  return ctx.db.transaction((tx) => createLinkIn(tx, ctx, input));
}

/**
 * The portal link the e-mail of a notice carries (null when the company turned such links off). A
 * stored link's token cannot be recovered (only its hash is kept), so each e-mail carries a link of
 * its own, made as the e-mail is composed for sending: the token is then in the e-mail and nowhere
 * else — not in the outbox row, not in an event.
 */
export async function portalLinkForNoticeEmail(
  ctx: ServiceContext,
  noticeId: number,
): Promise<string | null> {
  const notice = await findNotice(ctx.db, ctx.tenantId, noticeId);
  if (!notice) throw new AppError('not-found', `notice ${noticeId} not found`);
  const settings = await getPortalSettings(ctx);
  if (!settings.linksInNoticeEmails) return null;
  return (await createPortalLink(ctx, { customerId: notice.customerId, purpose: 'notice-email' })).url;
}

export async function listPortalLinks(ctx: ServiceContext, customerId: number): Promise<PortalLinkView[]> {
  const customer = await findCustomerById(ctx.db, ctx.tenantId, customerId);
  if (!customer) throw new AppError('not-found', `customer ${customerId} not found`);
  const now = ctx.now();
  return (await listPortalLinkRows(ctx.db, ctx.tenantId, customerId)).map((row) => viewOf(row, now));
}

/** Revokes one link of the customer (`linkId`) or all; their open sessions end too. Returns how many. */
export async function revokePortalLinks(
  ctx: ServiceContext,
  customerId: number,
  linkId: number | null = null,
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomerById(tx, ctx.tenantId, customerId);
    if (!customer) throw new AppError('not-found', `customer ${customerId} not found`);
    const revoked = await revokePortalLinkRows(tx, ctx.tenantId, customerId, linkId, ctx.now());
    if (linkId !== null && revoked.length === 0) {
      throw new AppError('not-found', `no live portal link ${linkId} of customer ${customer.number}`);
    }
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      revoked.map((id) => ({
        type: 'portal.link-revoked',
        entityType: 'customer',
        entityId: customerId,
        customerId,
        payload: { linkId: id },
      })),
      ctx.now(),
    );
    return revoked.length;
  });
}

/** Who acts in a portal session: one customer of one company, nothing else. */
export interface PortalCaller {
  tenantId: number;
  customerId: number;
  linkId: number;
  /** Recorded with every event: `portal-link:<link id>`. */
  actor: string;
}

export interface PortalSessionGrant {
  /** The session secret: the cookie's value, or the bearer token. */
  token: string;
  /** Sent back in `x-portal-csrf` with every change made with the cookie. */
  csrfToken: string;
  expiresAt: Date;
  caller: PortalCaller;
}

export type PortalOpening =
  { kind: 'session'; session: PortalSessionGrant } | { kind: 'code-required'; sentTo: string };

/** Why a token or code was refused, as the problem's `errors[0].message` says it for the portal page. */
export type PortalRefusal = 'unknown' | 'expired' | 'revoked' | 'wrong' | 'too-many-attempts' | 'no-code';

function refused(path: 'token' | 'code', reason: PortalRefusal, detail: string): AppError {
  return new AppError('unauthenticated', detail, { issues: [{ path, message: reason }] });
}

/** The CSRF token of a session: derived from its secret, so it needs no storage and no one else can make it. */
export function portalCsrfToken(sessionToken: string): string {
  return createHash('sha256').update(`portal-csrf:${sessionToken}`).digest('base64url');
}

export function samePortalCsrfToken(sessionToken: string, sent: string): boolean {
  const a = Buffer.from(portalCsrfToken(sessionToken));
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

const actorOf = (linkId: number) => `portal-link:${linkId}`;

function isSession(row: PortalLinkRow): boolean {
  return row.createdBy.startsWith(SESSION_CREATOR_PREFIX);
}

/** The live link of a token, or a clear refusal (unknown, expired, revoked). */
async function liveLinkOf(db: Db, token: string, now: Date): Promise<PortalLinkRow> {
  const row =
    token.length > 0 && token.length <= 200 ? await findPortalLinkByHash(db, sha256(token)) : undefined;
  if (!row || isSession(row)) throw refused('token', 'unknown', 'this portal link is not known');
  if (row.revokedAt) throw refused('token', 'revoked', 'this portal link was revoked; ask for a new one');
  if (row.expiresAt <= now)
    throw refused('token', 'expired', 'this portal link has expired; ask for a new one');
  return row;
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * Opens the portal with the token of a link. A link that needs a code: without `code` a new code is
 * sent to the customer's e-mail address (the answer says where, masked); with it, the code is
 * checked (at most PORTAL_CODE_MAX_ATTEMPTS wrong tries, then a new code must be requested).
 */
export async function openPortalLink(
  db: Db,
  input: { token: string; code?: string | undefined },
  now: Date,
): Promise<PortalOpening> {
  const link = await liveLinkOf(db, input.token, now);
  const actor = actorOf(link.id);
  const ctx: ServiceContext = { db, tenantId: link.tenantId, actor, now: () => now };
  if (link.codeRequired) {
    if (input.code === undefined) return { kind: 'code-required', sentTo: await sendCode(ctx, link) };
    await checkCode(ctx, link, input.code);
  }
  return { kind: 'session', session: await startSession(ctx, link) };
}

/** A code is sent at most once a minute: asking again within it answers without a new e-mail. */
const CODE_RESEND_MS = 60 * 1000;

async function sendCode(ctx: ServiceContext, link: PortalLinkRow): Promise<string> {
  const customer = await findCustomerById(ctx.db, ctx.tenantId, link.customerId);
  if (!customer?.email) {
    throw new AppError('conflict', 'no e-mail address is on file for the code; please contact us', {
      issues: [{ path: 'code', message: 'no-email' }],
    });
  }
  const email = customer.email;
  const sentAt = link.codeExpiresAt ? link.codeExpiresAt.getTime() - PORTAL_CODE_MS : null;
  if (link.codeHash && sentAt !== null && ctx.now().getTime() - sentAt < CODE_RESEND_MS) {
    return maskEmail(email);
  }
  const tenant = await findTenantById(ctx.db, ctx.tenantId);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await setPortalCode(
      tx,
      ctx.tenantId,
      link.id,
      sha256(`${link.id}:${code}`),
      new Date(now.getTime() + PORTAL_CODE_MS),
    );
    await enqueueDeliveries(tx, [
      {
        tenantId: ctx.tenantId,
        kind: 'email',
        noticeId: null,
        dedupeKey: `portal-code:${link.id}:${now.getTime()}:${randomBytes(4).toString('hex')}`,
        payload: {
          ...portalCodeMessage({
            to: email,
            language: customer.language,
            company: tenant?.name ?? '',
            code,
            minutes: PORTAL_CODE_MS / 60_000,
            customerId: customer.id,
          }),
        },
      },
    ]);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.code-sent',
          entityType: 'customer',
          entityId: customer.id,
          customerId: customer.id,
          payload: { linkId: link.id },
        },
      ],
      now,
    );
  });
  return maskEmail(email);
}

async function checkCode(ctx: ServiceContext, link: PortalLinkRow, code: string): Promise<void> {
  const now = ctx.now();
  if (!link.codeHash || !link.codeExpiresAt) {
    throw refused('code', 'no-code', 'no code is waiting; request a new one');
  }
  if (link.codeExpiresAt <= now) throw refused('code', 'expired', 'the code has expired; request a new one');
  const expected = Buffer.from(link.codeHash);
  const given = Buffer.from(sha256(`${link.id}:${code.trim()}`));
  if (expected.length === given.length && timingSafeEqual(expected, given)) {
    await clearPortalCode(ctx.db, ctx.tenantId, link.id);
    return;
  }
  const attempts = await countPortalCodeAttempt(ctx.db, ctx.tenantId, link.id);
  if (attempts >= PORTAL_CODE_MAX_ATTEMPTS) {
    await clearPortalCode(ctx.db, ctx.tenantId, link.id);
    throw refused('code', 'too-many-attempts', 'too many wrong codes; request a new one');
  }
  throw refused('code', 'wrong', 'the code is wrong');
}

async function startSession(ctx: ServiceContext, link: PortalLinkRow): Promise<PortalSessionGrant> {
  const now = ctx.now();
  const token = randomToken();
  const expiresAt = new Date(Math.min(now.getTime() + PORTAL_SESSION_MS, link.expiresAt.getTime()));
  await ctx.db.transaction(async (tx) => {
    await insertPortalLink(tx, {
      tenantId: link.tenantId,
      customerId: link.customerId,
      tokenHash: sha256(token),
      expiresAt,
      codeRequired: false,
      createdBy: `${SESSION_CREATOR_PREFIX}${link.id}`,
    });
    await touchPortalLink(tx, link.tenantId, link.id, now);
    await appendEvents(
      tx,
      link.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.link-opened',
          entityType: 'customer',
          entityId: link.customerId,
          customerId: link.customerId,
          payload: { linkId: link.id, sessionExpiresAt: expiresAt.toISOString() },
        },
      ],
      now,
    );
  });
  return {
    token,
    csrfToken: portalCsrfToken(token),
    expiresAt,
    caller: {
      tenantId: link.tenantId,
      customerId: link.customerId,
      linkId: link.id,
      actor: actorOf(link.id),
    },
  };
}

/** The caller of a portal session secret, or null when it is unknown, ended or expired. */
export async function authenticatePortalSession(
  db: Db,
  sessionToken: string,
  now: Date,
): Promise<PortalCaller | null> {
  if (sessionToken.length === 0 || sessionToken.length > 200) return null;
  const row = await findPortalLinkByHash(db, sha256(sessionToken));
  if (!row || !isSession(row) || row.revokedAt || row.expiresAt <= now) return null;
  const linkId = Number(row.createdBy.slice(SESSION_CREATOR_PREFIX.length));
  return { tenantId: row.tenantId, customerId: row.customerId, linkId, actor: actorOf(linkId) };
}

/** Ends a session (the portal's "log out"). */
export async function endPortalSession(db: Db, sessionToken: string, now: Date): Promise<void> {
  await revokePortalSessionRow(db, sha256(sessionToken), now);
}
