/**
 * @module webhook
 * Announcing an event to a receiver by HTTP POST, signed so the receiver can tell it came from
 * here and was not changed: header `Mahnwerk-Signature: t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA256 over `<t>.<body>` with the endpoint's secret (the timestamp guards against replays).
 *
 * @example
 * const ok = verifyWebhookSignature(secret, request.headers['mahnwerk-signature'], rawBody, Date.now());
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Mahnwerk-Signature';

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

export class WebhookRejected extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'WebhookRejected';
    this.permanent = permanent;
  }
}

/** POSTs the body; a 2xx answer is delivery, 4xx (but 408 and 429) a permanent refusal, the rest temporary. */
export async function postWebhook(
  url: string,
  secret: string,
  body: string,
  at: Date,
  timeoutMs = 10_000,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(secret, body, at) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    throw new WebhookRejected(`${url}: ${(error as Error).message}`, false);
  }
  if (response.status >= 200 && response.status < 300) return `HTTP ${response.status}`;
  const permanent =
    response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw new WebhookRejected(`${url}: HTTP ${response.status}`, permanent);
}
