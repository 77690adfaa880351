import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import {
  defaultCreatingStageIndex,
  type DunningPolicyInput,
  dunningPolicyWarnings,
  isPreDueStage,
  validateDunningPolicy,
} from './dunning-policy.ts';

type StageInput = DunningPolicyInput['stages'][number];

const stage = (key: string, offsetDays: number, extra: Partial<StageInput> = {}): StageInput => ({
  key,
  offsetDays,
  channel: 'email',
  templateKey: key,
  ...extra,
});

const policyWith = (stages: StageInput[], extra: Partial<DunningPolicyInput> = {}): DunningPolicyInput => ({
  key: 'test',
  name: 'Test',
  stages,
  ...extra,
});

/** The issues of the DomainError thrown by the validation, as `path: message`. */
function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    validateDunningPolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-dunning-policy');
    return [...(error as DomainError).issues];
  }
  return expect.fail('expected the policy to be rejected');
}

const pathsOf = (input: unknown) => issuesOf(input).map((i) => i.path);
const warningPaths = (input: DunningPolicyInput) => validateDunningPolicy(input).warnings.map((w) => w.path);

describe('validateDunningPolicy: errors', () => {
  it('fills in the defaults of a minimal policy', () => {
    const { policy, warnings } = validateDunningPolicy(policyWith([stage('reminder', 7)]));
    expect(policy).toMatchObject({
      version: 1,
      approval: 'manual',
      minDaysBetweenNotices: 7,
      deliveryDays: { email: 0, letter: 3 },
    });
    expect(policy.stages[0]).toEqual({
      key: 'reminder',
      offsetDays: 7,
      offsetFrom: 'due-date',
      channel: 'email',
      templateKey: 'reminder',
      feeCents: 0,
      paymentDeadlineDays: null,
      chargeInterest: false,
      claimFlatFee: false,
      minOpenCents: 0,
      announcesEscalation: false,
    });
    expect(warnings).toEqual([]);
  });

  it('locates a duplicate stage key at the second occurrence', () => {
    expect(pathsOf(policyWith([stage('a', 7), stage('b', 14), stage('a', 21)]))).toEqual(['stages.2.key']);
  });

  it('rejects offsets that do not increase, at the offending stage', () => {
    expect(pathsOf(policyWith([stage('a', 7), stage('b', 21), stage('c', 21)]))).toEqual([
      'stages.2.offsetDays',
    ]);
    expect(pathsOf(policyWith([stage('a', 7), stage('b', 21), stage('c', 14)]))).toEqual([
      'stages.2.offsetDays',
    ]);
  });

  it('rejects a first stage counted from a previous notice, which does not exist', () => {
    expect(pathsOf(policyWith([stage('a', 7, { offsetFrom: 'previous-notice' })]))).toEqual([
      'stages.0.offsetFrom',
    ]);
  });

  it('requires a stage counted from the previous notice to come at least a day later', () => {
    expect(pathsOf(policyWith([stage('a', 7), stage('b', 0, { offsetFrom: 'previous-notice' })]))).toEqual([
      'stages.1.offsetDays',
    ]);
  });

  it('rejects a reminder before the due date placed after a later stage', () => {
    // -3 is larger than -7, so only the "before the due date comes first" rule catches it.
    const issues = issuesOf(
      policyWith([stage('a', -7), stage('b', 5, { offsetFrom: 'previous-notice' }), stage('c', -3)]),
    );
    expect(issues).toEqual([
      {
        path: 'stages.2.offsetDays',
        message: 'a reminder before the due date must come before all later stages',
      },
    ]);
  });

  it('counts a stage on the due date itself as after the due date', () => {
    // -3 after 0 breaks the increasing order and comes after a stage that is not a pre-due reminder.
    expect(issuesOf(policyWith([stage('a', 0), stage('b', -3)])).map((i) => [i.path, i.message])).toEqual([
      ['stages.1.offsetDays', 'stages must come in increasing order of days'],
      ['stages.1.offsetDays', 'a reminder before the due date must come before all later stages'],
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const paths = pathsOf(
      policyWith([
        stage('a', 7, { offsetFrom: 'previous-notice' }),
        stage('a', 3),
        stage('Bad Key', 30, { feeCents: -1 }),
      ]),
    );
    expect(paths.sort()).toEqual([
      'stages.0.offsetFrom',
      'stages.1.key',
      'stages.2.feeCents',
      'stages.2.key',
    ]);
  });

  it('rejects a policy without stages and a fee that is not whole cents', () => {
    expect(pathsOf(policyWith([]))).toEqual(['stages']);
    expect(pathsOf(policyWith([stage('a', 7, { feeCents: 0.5 })]))).toEqual(['stages.0.feeCents']);
  });
});

describe('validateDunningPolicy: warnings', () => {
  it('warns about a fee on the first stage after the due date, the notice that creates default (§286 Abs. 1 BGB)', () => {
    expect(warningPaths(policyWith([stage('pre', -7), stage('reminder', 7, { feeCents: 95 })]))).toEqual([
      'stages.1.feeCents',
    ]);
  });

  it('treats the first stage as the one that creates default when there is no reminder before the due date', () => {
    expect(warningPaths(policyWith([stage('reminder', 7, { feeCents: 95 }), stage('dunning', 21)]))).toEqual([
      'stages.0.feeCents',
    ]);
  });

  it('warns about the flat fee of §288 Abs. 5 BGB claimed on the notice that creates default', () => {
    expect(warningPaths(policyWith([stage('reminder', 7, { claimFlatFee: true })]))).toEqual([
      'stages.0.claimFlatFee',
    ]);
  });

  it('does not warn about a fee on a later stage, where the debtor is already in default', () => {
    expect(warningPaths(policyWith([stage('reminder', 7), stage('dunning', 21, { feeCents: 95 })]))).toEqual(
      [],
    );
  });

  it('warns about a fee, interest or flat fee on a reminder before the due date', () => {
    expect(warningPaths(policyWith([stage('pre', -7, { feeCents: 95 }), stage('reminder', 7)]))).toEqual([
      'stages.0.feeCents',
    ]);
    expect(
      warningPaths(policyWith([stage('pre', -7, { chargeInterest: true }), stage('reminder', 7)])),
    ).toEqual(['stages.0']);
  });

  it('warns about a fee above €2.50, which is unlikely to be actual costs (BGH VIII ZR 95/18)', () => {
    const policy = (feeCents: number) =>
      policyWith([stage('reminder', 7), stage('dunning', 21, { feeCents })]);
    expect(warningPaths(policy(250))).toEqual([]);
    expect(warningPaths(policy(251))).toEqual(['stages.1.feeCents']);
    expect(validateDunningPolicy(policy(500)).warnings[0]?.message).toContain('5.00 €');
  });

  it('warns about a fee on a phone-call task, which has no postage to recover', () => {
    expect(
      warningPaths(policyWith([stage('reminder', 7), stage('call', 14, { channel: 'task', feeCents: 100 })])),
    ).toEqual(['stages.1.feeCents']);
  });

  it('reports each applicable warning for one stage', () => {
    // The default-creating letter carries a fee above €2.50 and the flat fee: three warnings.
    const warnings = dunningPolicyWarnings(
      validateDunningPolicy(
        policyWith([stage('first', 7, { channel: 'letter', feeCents: 300, claimFlatFee: true })]),
      ).policy,
    );
    expect(warnings.map((w) => w.path)).toEqual([
      'stages.0.feeCents',
      'stages.0.claimFlatFee',
      'stages.0.feeCents',
    ]);
  });

  it('warns about a fee on a phone task, which is no written reminder and never creates default', () => {
    // A task above €2.50: the cost warning and the no-postage warning, but no default-creating warning.
    const warnings = dunningPolicyWarnings(
      validateDunningPolicy(
        policyWith([stage('call', 7, { channel: 'task', feeCents: 300, claimFlatFee: true })]),
      ).policy,
    );
    expect(warnings.map((w) => w.path)).toEqual(['stages.0.feeCents', 'stages.0.feeCents']);
    expect(warnings[1]?.message).toContain('phone call');
  });
});

describe('defaultCreatingStageIndex and isPreDueStage', () => {
  it('takes the first written notice after the due date (§286 Abs. 1 BGB: a reminder after the claim fell due)', () => {
    const { policy } = validateDunningPolicy(
      policyWith([stage('pre-14', -14), stage('pre-7', -7), stage('on-due', 0), stage('later', 7)]),
    );
    expect(policy.stages.map(isPreDueStage)).toEqual([true, true, false, false]);
    // A notice on the due date itself comes before default is possible; the one at +7 creates it.
    expect(defaultCreatingStageIndex(policy)).toBe(3);
  });

  it('skips phone tasks when looking for the notice that creates default', () => {
    const { policy } = validateDunningPolicy(
      policyWith([stage('call', 3, { channel: 'task' }), stage('letter', 10, { channel: 'letter' })]),
    );
    expect(defaultCreatingStageIndex(policy)).toBe(1);
  });

  it('never counts a stage after the previous notice as before the due date', () => {
    const { policy } = validateDunningPolicy(
      policyWith([stage('pre', -7), stage('next', 3, { offsetFrom: 'previous-notice' })]),
    );
    expect(isPreDueStage(policy.stages[1] as (typeof policy.stages)[number])).toBe(false);
    expect(defaultCreatingStageIndex(policy)).toBe(1);
  });
});
