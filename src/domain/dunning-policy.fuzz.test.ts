/**
 * Hostile and broken dunning policy documents (they come from the settings page, the API and the
 * CLI as JSON): any JSON value, every structural mutation of the shipped policies and keys such as
 * `__proto__` end in a valid policy or a DomainError listing each problem with its path — never a
 * TypeError, and never a polluted prototype.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUSINESS_POLICY,
  DEFAULT_CONSUMER_POLICY,
  DEFAULT_KEY_ACCOUNT_POLICY,
} from './default-dunning-policies.ts';
import { DomainError } from './domain-error.ts';
import { validateDunningPolicy } from './dunning-policy.ts';
import {
  countInput,
  countRefused,
  expectNoInternalsIn,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  objectPrototypeKeys,
  resultOrLocatedError,
  withinHangBound,
} from '../../test/support/fuzz.ts';

const PROTOTYPE = objectPrototypeKeys();

function validateHostile(parser: string, input: unknown): void {
  countInput(parser);
  const outcome = withinHangBound(parser, () =>
    resultOrLocatedError(
      () => validateDunningPolicy(input),
      (error) => error instanceof DomainError,
    ),
  );
  expect(objectPrototypeKeys()).toEqual(PROTOTYPE);
  if (!outcome.ok) {
    countRefused(parser);
    const error = outcome.error as DomainError;
    expect(error.code).toBe('invalid-dunning-policy');
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(typeof issue.path).toBe('string');
      expect(issue.message).not.toBe('');
    }
    // JSON.stringify writes NaN as null; a number is quoted as itself.
    expectNoInternalsIn(
      error.message,
      `${JSON.stringify(input) ?? ''} ${typeof input === 'number' ? input : ''}`,
    );
    return;
  }
  const { policy, warnings } = outcome.value;
  // A valid policy is stable: validating it again gives the same policy.
  expect(validateDunningPolicy(policy).policy).toEqual(policy);
  for (const stage of policy.stages) {
    expect(Number.isSafeInteger(stage.feeCents) && stage.feeCents >= 0).toBe(true);
    expect(Number.isInteger(stage.offsetDays)).toBe(true);
  }
  for (const w of warnings) expect(w.path).toMatch(/^stages\.\d+/);
}

type Json = unknown;
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    -1,
    0.5,
    1e308,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    'x'.repeat(10_000),
    '__proto__',
    [],
    {},
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  ),
);

/** Sets, deletes or retypes one field somewhere in the document (paths into objects and arrays). */
const edit = fc.record({
  path: fc.array(
    fc.oneof(
      fc.nat({ max: 25 }),
      fc.constantFrom(
        'stages',
        'key',
        'offsetDays',
        'feeCents',
        'channel',
        'deliveryDays',
        'afterBrokenPlan',
        '__proto__',
        'constructor',
        'prototype',
      ),
    ),
    {
      minLength: 1,
      maxLength: 4,
    },
  ),
  value: fc.option(hostileValue, { nil: undefined }),
});

function applyEdit(document: Json, { path, value }: { path: (string | number)[]; value: Json }): Json {
  const root = structuredClone(document) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = root;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    const target = typeof node === 'object' && node !== null ? node : undefined;
    if (!target) break;
    if (last) {
      // defineProperty: an own key even when it is `__proto__`, as JSON.parse makes it.
      if (value === undefined) delete target[key];
      else
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      const next = Object.hasOwn(target, key) ? target[key] : undefined;
      if (typeof next !== 'object' || next === null) break;
      node = next as Record<string | number, unknown>;
    }
  }
  return root;
}

const policies = fc.constantFrom<Json>(
  DEFAULT_BUSINESS_POLICY,
  DEFAULT_CONSUMER_POLICY,
  DEFAULT_KEY_ACCOUNT_POLICY,
);

describe('dunning policy fuzz', () => {
  it(
    'validates or refuses with located issues every mutation of the shipped policies',
    () => {
      fc.assert(
        fc.property(policies, fc.array(edit, { minLength: 1, maxLength: 4 }), (policy, edits) => {
          validateHostile('policy mutations', edits.reduce(applyEdit, policy));
        }),
        fuzzParameters('policy mutations', 400),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'refuses any JSON value that is no policy, with located issues',
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileValue, fc.anything({ maxDepth: 3 })), (value) => {
          validateHostile('policy random json', value);
        }),
        fuzzParameters('policy random json', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it('keeps __proto__ and constructor keys as data, and Object.prototype unchanged', () => {
    const hostile = JSON.parse(
      `{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "key": "x", "name": "x",
        "stages": [{"__proto__": {"feeCents": 99999}, "key": "a", "offsetDays": 1, "channel": "letter", "templateKey": "t"}]}`,
    );
    const { policy } = validateDunningPolicy(hostile);
    expect(policy.stages[0]?.feeCents).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(objectPrototypeKeys()).toEqual(PROTOTYPE);
  });
});
