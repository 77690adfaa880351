/**
 * @module audit-service
 * `mahnwerk audit verify`: recomputes a tenant's event chain and names the first row that does
 * not fit — a changed row (hash), a deleted or inserted row (sequence, previous hash), or a
 * truncated tail (head).
 */
import { GENESIS_HASH, hashEvent, readEventHead, readEvents } from '../db/event-store.ts';
import type { ServiceContext } from './service-context.ts';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBroken: { seq: number; problem: string } | null;
}

export async function verifyEventChain(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
): Promise<ChainVerification> {
  const { db, tenantId } = ctx;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const broken = (seq: number, problem: string): ChainVerification => ({
    ok: false,
    checked,
    lastSeq: expectedSeq - 1,
    firstBroken: { seq, problem },
  });
  for (;;) {
    const batch = await readEvents(db, tenantId, expectedSeq - 1, 5000);
    if (batch.length === 0) break;
    for (const event of batch) {
      if (event.seq !== expectedSeq) {
        return broken(
          expectedSeq,
          `event ${expectedSeq} is missing (next stored is ${event.seq}): a row was deleted`,
        );
      }
      if (event.prevHash !== prevHash) {
        return broken(
          event.seq,
          'its previous-hash does not match the row before: a row was inserted or replaced',
        );
      }
      if (hashEvent(event) !== event.hash) {
        return broken(event.seq, 'its content does not match its hash: the row was changed');
      }
      prevHash = event.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const head = await readEventHead(db, tenantId);
  if (head.lastSeq !== expectedSeq - 1 || head.lastHash !== prevHash) {
    return broken(
      expectedSeq,
      `the chain ends at event ${expectedSeq - 1} but its head says ${head.lastSeq}: rows at the end were deleted`,
    );
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1, firstBroken: null };
}
