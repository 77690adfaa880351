/**
 * @module webhook
 * Announcing an event to a receiver by HTTP POST, signed so the receiver can tell it came from
 * here and was not changed: header `Mahnwerk-Signature: t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA256 over `<t>.<body>` with the endpoint's secret (the timestamp guards against replays).
 *
 * Where a POST may go (against server-side request forgery): only `https:` to a host on the public
 * internet. A literal address in the URL is checked when the endpoint is added and again before each
 * POST; a host name is checked after DNS resolution, inside the `lookup` the connection itself uses,
 * so a name that resolves to an internal address — also one that changed since it was added (DNS
 * rebinding) — is refused. Redirects are not followed. `MAHNWERK_WEBHOOK_ALLOW_PRIVATE=1` lets an
 * admin with an internal receiver (and tests) use plain http and private addresses.
 *
 * @example
 * const ok = verifyWebhookSignature(secret, request.headers['mahnwerk-signature'], rawBody, Date.now());
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { type IncomingMessage, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

export const SIGNATURE_HEADER = 'Mahnwerk-Signature';

/** The opt-in for internal receivers: plain http and private, loopback or link-local addresses. */
export const ALLOW_PRIVATE_WEBHOOKS_ENV = 'MAHNWERK_WEBHOOK_ALLOW_PRIVATE';

/**
 * Whether webhooks may go to internal receivers. The one place the opt-in is read, when it is
 * needed (adding an endpoint, each POST), so that tests can set it with `vi.stubEnv`.
 */
export function allowsPrivateWebhookTargets(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ALLOW_PRIVATE_WEBHOOKS_ENV] === '1';
}

export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** For receivers (and tests): true when the signature fits and is at most `toleranceSeconds` old. */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowMs: number,
  toleranceSeconds = 300,
): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(nowMs / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex'));
}

type Prefix = readonly [base: string, length: number];

/** IPv4 ranges that are not the public internet (IANA special-purpose registry, RFC 6890). */
const NON_PUBLIC_IPV4: readonly Prefix[] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host
  ['10.0.0.0', 8], // private, RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT, RFC 6598
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, where cloud metadata services answer
  ['172.16.0.0', 12], // private, RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private, RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits: that address decides. */
const IPV4_IN_IPV6: readonly Prefix[] = [
  ['::ffff:0:0', 96], // IPv4-mapped
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
  ['64:ff9b::', 96], // NAT64, RFC 6052
];

/** Inside global unicast (2000::/3), the prefixes that are not reachable receivers. */
const NON_PUBLIC_IPV6: readonly Prefix[] = [
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation, RFC 9637
];

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

/** The 128-bit value of a valid IPv6 address (checked with `isIP` before), also with an IPv4 tail. */
function ipv6Value(text: string): bigint {
  let hex = text;
  const tailAt = text.lastIndexOf(':') + 1;
  if (text.slice(tailAt).includes('.')) {
    const v4 = ipv4Value(text.slice(tailAt));
    hex = `${text.slice(0, tailAt)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = hex.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros: string[] = Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce(
    (value, group) => (value << 16n) | BigInt(parseInt(group, 16)),
    0n,
  );
}

function inPrefix(value: bigint, bits: number, [base, length]: Prefix): boolean {
  const shift = BigInt(bits - length);
  const baseValue = bits === 32 ? ipv4Value(base) : ipv6Value(base);
  return value >> shift === baseValue >> shift;
}

function isPublicIPv4(value: bigint): boolean {
  return !NON_PUBLIC_IPV4.some((prefix) => inPrefix(value, 32, prefix));
}

function isPublicIPv6(value: bigint): boolean {
  if (IPV4_IN_IPV6.some((prefix) => inPrefix(value, 128, prefix))) return isPublicIPv4(value & 0xffffffffn);
  // 6to4: the IPv4 address of the other end is in bits 16–47.
  if (inPrefix(value, 128, ['2002::', 16])) return isPublicIPv4((value >> 80n) & 0xffffffffn);
  // Everything outside global unicast — ::1, ::, fc00::/7, fe80::/10, ff00::/8 … — is not public.
  return inPrefix(value, 128, ['2000::', 3]) && !NON_PUBLIC_IPV6.some((p) => inPrefix(value, 128, p));
}

/**
 * True for an IP address on the public internet; false for private, loopback, link-local, unique
 * local, multicast, unspecified, reserved and documentation addresses, for IPv6 forms that carry such
 * an IPv4 address (`::ffff:127.0.0.1`, NAT64, 6to4), and for anything that is not an address.
 *
 * @example
 * isPublicAddress('93.184.215.14'); // true
 * isPublicAddress('::ffff:7f00:1'); // false: 127.0.0.1
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return isPublicIPv4(ipv4Value(bare));
  if (family === 6) return isPublicIPv6(ipv6Value(bare));
  return false;
}

/**
 * Why `url` may not receive webhooks, or null when it may. A host name passes here; where it
 * leads is checked when it is resolved for the connection (see `postWebhook`).
 */
export function webhookUrlProblem(url: URL, allowPrivate: boolean): string | null {
  if (url.username || url.password) {
    return `must not contain credentials (user:password@): the receiver checks the ${SIGNATURE_HEADER} header, made with the endpoint's secret, instead`;
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    if (url.protocol === 'http:') {
      return `expected https, got http: (plain http only with ${ALLOW_PRIVATE_WEBHOOKS_ENV}=1)`;
    }
    return `expected ${allowPrivate ? 'http or https' : 'https'}, got ${url.protocol}`;
  }
  if (allowPrivate) return null;
  const host = url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  // RFC 6761: localhost and every name below it are this machine.
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && !isPublicAddress(host))) {
    return `host ${host} is not a public address (private, loopback, link-local or reserved; internal receivers only with ${ALLOW_PRIVATE_WEBHOOKS_ENV}=1)`;
  }
  return null;
}

/**
 * The URL without `user:password@`, for showing and recording an endpoint that was added before
 * credentials in the URL were refused.
 */
export function webhookUrlWithoutCredentials(text: string): string {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}

export class WebhookRejected extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'WebhookRejected';
    this.permanent = permanent;
  }
}

/** A host name resolved to an address webhooks may not go to. */
class RefusedAddressError extends Error {}

/** The attempt took longer than allowed. */
class DeadlineError extends Error {}

/** DNS resolution as `postWebhook` uses it: every address of the name. */
export type ResolveHost = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>;

const resolveWithDns: ResolveHost = (hostname, options) => dnsLookup(hostname, { ...options, all: true });

/**
 * The `lookup` of the connection: resolves the name and, unless internal receivers are allowed,
 * refuses it when any of its addresses is not public — checked on the very addresses connected to.
 */
function guardedLookup(resolve: ResolveHost, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options).then(
      (addresses) => {
        const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
        const [first] = addresses;
        if (refused || !first) {
          const what = refused
            ? `resolves to ${refused.address}, which is not a public address`
            : 'has no address';
          const hint = refused ? ` (internal receivers only with ${ALLOW_PRIVATE_WEBHOOKS_ENV}=1)` : '';
          callback(new RefusedAddressError(`host ${hostname} ${what}${hint}`), '');
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

export interface PostWebhookOptions {
  /** The whole attempt — resolving, connecting, TLS, the answer's status — in milliseconds. */
  timeoutMs?: number;
  /** Default: the environment's opt-in (`allowsPrivateWebhookTargets`). */
  allowPrivate?: boolean;
  /** Default: the system's resolver (tests put in names of their own). */
  resolve?: ResolveHost;
}

/** Sends the POST and answers its status; the answer's body is read and dropped. */
function sendPost(
  target: URL,
  headers: OutgoingHttpHeaders,
  body: string,
  timeoutMs: number,
  lookup: LookupFunction,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send({
      hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: target.port || undefined,
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers,
      // A connection of its own, not reused: each POST goes through the checked lookup.
      agent: false,
      lookup,
    });
    let answer: IncomingMessage | undefined;
    const timer = setTimeout(() => {
      if (answer) answer.destroy();
      else request.destroy(new DeadlineError());
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      answer = response;
      resolve(response.statusCode ?? 0);
      response.on('error', () => clearTimeout(timer));
      response.on('close', () => clearTimeout(timer));
      response.resume();
    });
    request.end(body);
  });
}

/**
 * POSTs the body; a 2xx answer is delivery, 4xx (but 408 and 429) a permanent refusal, the rest
 * temporary. A redirect (3xx) is not followed but a permanent failure: the endpoint's URL needs
 * fixing. A target that may not receive webhooks fails permanently. Reasons name only the URL's
 * origin, never its path, query or credentials, as they end up in the outbox's `lastError`.
 */
export async function postWebhook(
  url: string,
  secret: string,
  body: string,
  at: Date,
  options: PostWebhookOptions = {},
): Promise<string> {
  const allowPrivate = options.allowPrivate ?? allowsPrivateWebhookTargets();
  const timeoutMs = options.timeoutMs ?? 10_000;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookRejected('the endpoint URL is not a valid URL', true);
  }
  const origin = target.origin;
  const problem = webhookUrlProblem(target, allowPrivate);
  if (problem) throw new WebhookRejected(`${origin}: ${problem}`, true);
  const headers = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'user-agent': 'Mahnwerk-Webhook',
    [SIGNATURE_HEADER]: signWebhook(secret, body, at),
  };
  let status: number;
  try {
    status = await sendPost(
      target,
      headers,
      body,
      timeoutMs,
      guardedLookup(options.resolve ?? resolveWithDns, allowPrivate),
    );
  } catch (error) {
    if (error instanceof RefusedAddressError) throw new WebhookRejected(`${origin}: ${error.message}`, true);
    if (error instanceof DeadlineError) {
      throw new WebhookRejected(`${origin}: no answer within ${timeoutMs / 1000} s`, false);
    }
    throw new WebhookRejected(`${origin}: ${(error as Error).message}`, false);
  }
  if (status >= 200 && status < 300) return `HTTP ${status}`;
  if (status >= 300 && status < 400) {
    throw new WebhookRejected(
      `${origin}: HTTP ${status}, a redirect, which is not followed; register the URL it points to`,
      true,
    );
  }
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  throw new WebhookRejected(`${origin}: HTTP ${status}`, permanent);
}
