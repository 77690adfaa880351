/**
 * @module policy-service
 * Changing a dunning policy: the document is validated by the domain core (every error with its
 * field) and stored as a new version — notices name the version they were made with, so an
 * old version is never changed. The legal warnings (a fee on the notice that creates default,
 * fees above actual costs …) come back with the answer; they do not stop the save.
 */
import { appendEvents } from '../db/event-store.ts';
import { insertPolicyVersion, policyVersions } from '../db/tenant-repository.ts';
import type { DomainErrorIssue } from '../domain/domain-error.ts';
import { type DunningPolicy, validateDunningPolicy } from '../domain/dunning-policy.ts';
import { AppError } from './app-error.ts';
import type { ServiceContext } from './service-context.ts';

export interface SavedPolicy {
  policy: DunningPolicy;
  version: number;
  warnings: DomainErrorIssue[];
}

/** Validates without saving: the policy with defaults filled in, and its warnings. */
export function checkPolicy(document: unknown): { policy: DunningPolicy; warnings: DomainErrorIssue[] } {
  return validateDunningPolicy(document);
}

/** Stores `document` as the next version of the policy `key` (which it must name). */
export async function savePolicyVersion(
  ctx: ServiceContext,
  key: string,
  document: Record<string, unknown>,
): Promise<SavedPolicy> {
  const { policy, warnings } = validateDunningPolicy(document);
  if (policy.key !== key) {
    throw new AppError('validation', `key: the document names policy "${policy.key}", not "${key}"`, {
      issues: [{ path: 'key', message: `expected "${key}"` }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const [latest] = await policyVersions(tx, ctx.tenantId, key);
    const version = (latest?.version ?? 0) + 1;
    await insertPolicyVersion(tx, ctx.tenantId, {
      key,
      version,
      document: { ...document, version },
      defaultFor: latest?.defaultFor ?? null,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'policy.saved',
          entityType: 'policy',
          entityId: key,
          payload: { key, version, stages: policy.stages.length, warnings: warnings.length },
        },
      ],
      ctx.now(),
    );
    return { policy: { ...policy, version }, version, warnings };
  });
}
