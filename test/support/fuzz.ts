/**
 * @module fuzz
 * Shared settings and generators for the fuzz tests of every parser (`*.fuzz.test.ts`): hostile and
 * broken input must end in a result or in the parser's located error, never in a crash or a hang.
 *
 * Runs are bounded so that CI stays fast, with a fixed seed so a failure there is reproducible;
 * fast-check prints the seed and the shrunk counterexample of a failure. By hand:
 * - `MAHNWERK_SOAK=1` runs 200 times as many inputs per property with a random seed, each property
 *   stopping after `MAHNWERK_SOAK_SECONDS` (default 60);
 * - `MAHNWERK_FUZZ_RUNS=N` runs exactly N inputs per property;
 * - `MAHNWERK_FUZZ_SEED=S` replays a seed fast-check printed.
 * Every fuzz file prints how many generated inputs it tried, per parser.
 *
 * @example
 * it('reads or refuses any mutation', () => {
 *   fc.assert(fc.property(mutatedText(valid), (text) => parseOrLocatedError(...)), fuzzParameters('mt940', 300));
 * }, FUZZ_TEST_TIMEOUT);
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';

export const IS_SOAK = process.env.MAHNWERK_SOAK === '1';
const SOAK_FACTOR = 200;
const SOAK_SECONDS = Number(process.env.MAHNWERK_SOAK_SECONDS ?? 60);
const RUNS = process.env.MAHNWERK_FUZZ_RUNS ? Number(process.env.MAHNWERK_FUZZ_RUNS) : undefined;
const SEED = process.env.MAHNWERK_FUZZ_SEED ? Number(process.env.MAHNWERK_FUZZ_SEED) : undefined;

/** One input taking longer than this is taken for a hang: a detector of loops and blow-ups, not a speed test. */
export const HANG_MS = Number(process.env.MAHNWERK_FUZZ_HANG_MS ?? 2000);

/** Per-test timeout: the vitest default in CI, the whole soak budget (and some) by hand. */
export const FUZZ_TEST_TIMEOUT = IS_SOAK || RUNS !== undefined ? (SOAK_SECONDS + 120) * 1000 : 30_000;

/** A stable number per property name, so properties in CI differ from each other but not between runs. */
function fixedSeed(name: string): number {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash | 0;
}

/** fast-check parameters: `ciRuns` inputs with a fixed seed in CI; see the module comment for soak mode. */
export function fuzzParameters<T>(
  name: string,
  ciRuns: number,
  options: { soakShare?: number } = {},
): fc.Parameters<T> {
  const numRuns = RUNS ?? (IS_SOAK ? ciRuns * SOAK_FACTOR : ciRuns);
  // A property run once per route (the API) takes its share of the soak time, not the whole.
  const soakMs = (SOAK_SECONDS * 1000) / (options.soakShare ?? 1);
  return {
    numRuns,
    seed: SEED ?? (IS_SOAK ? Date.now() ^ (Math.random() * 2 ** 31) : fixedSeed(name)),
    ...(IS_SOAK ? { interruptAfterTimeLimit: soakMs, markInterruptAsFailure: false } : {}),
  };
}

const tried = new Map<string, number>();
const refused = new Map<string, number>();

// Registered when a fuzz file imports this module, so that it runs after the file's tests.
afterAll(() => {
  if (tried.size === 0) return;
  const mode = IS_SOAK ? 'soak' : RUNS !== undefined ? `${RUNS} runs` : 'ci';
  const lines = [...tried].map(([name, count]) => {
    const errors = refused.get(name);
    const split =
      errors === undefined ? '' : ` (${count - errors} read, ${errors} refused with a located error)`;
    return `  ${name}: ${count} generated inputs${split}`;
  });
  console.log(`fuzz (${mode}):\n${lines.join('\n')}`);
});

/** Counts one generated input for `parser` (printed after the file's tests); call it in the property's body. */
export function countInput(parser: string): void {
  tried.set(parser, (tried.get(parser) ?? 0) + 1);
}

/** Counts one input of `parser` that ended in the parser's located error (after {@link countInput}). */
export function countRefused(parser: string): void {
  refused.set(parser, (refused.get(parser) ?? 0) + 1);
}

/**
 * A message for people must not show the program's insides (`undefined`, `NaN`, `[object Object]`)
 * unless the input itself contains them.
 */
export function expectNoInternalsIn(message: string, input: string): void {
  // zod says "expected string, received undefined" for a missing field: its wording, not a leak.
  const own = message.replace(/received undefined/g, 'received nothing');
  for (const word of ['undefined', 'NaN', '[object Object]']) {
    if (own.includes(word) && !input.includes(word)) {
      throw new Error(`the message shows ${word}: ${message.slice(0, 300)}`);
    }
  }
}

/** Runs `read` and fails when it takes longer than {@link HANG_MS}: the hang detector. */
export function withinHangBound<T>(what: string, read: () => T): T {
  const started = performance.now();
  const result = read();
  const took = performance.now() - started;
  if (took > HANG_MS)
    throw new Error(`${what} took ${Math.round(took)} ms on one input (hang bound ${HANG_MS} ms)`);
  return result;
}

/** The async form of {@link withinHangBound}. */
export async function withinHangBoundAsync<T>(what: string, read: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await read();
  const took = performance.now() - started;
  if (took > HANG_MS)
    throw new Error(`${what} took ${Math.round(took)} ms on one input (hang bound ${HANG_MS} ms)`);
  return result;
}

/**
 * The outcome of reading hostile input: the value, or the error if it is one the parser is meant to
 * throw (`located`). Anything else — a TypeError, a RangeError, a stack overflow — is rethrown, so
 * the property fails on it.
 */
export function resultOrLocatedError<T>(
  read: () => T,
  located: (error: unknown) => boolean,
): { ok: true; value: T } | { ok: false; error: Error } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (located(error)) return { ok: false, error: error as Error };
    throw error;
  }
}

export async function resultOrLocatedErrorAsync<T>(
  read: () => Promise<T>,
  located: (error: unknown) => boolean,
): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (located(error)) return { ok: false, error: error as Error };
    throw error;
  }
}

// --- mutations of valid documents ------------------------------------------------------------------

/** One edit of a text; positions are taken modulo the length, so any edit applies to any text. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'swap'; at: number; other: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'digit'; at: number; to: string }
  | { kind: 'replace-char'; at: number; to: string };

const position = fc.nat({ max: 10_000_000 });

/**
 * Any UTF-16 code unit, lone surrogates included (fast-check's `unit: 'binary'` is far slower to
 * generate, and this also covers the broken halves of emoji that truncation produces).
 */
export const anyCodeUnit: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 0xffff })
  .map((c) => String.fromCharCode(c));

/** Junk worth inserting anywhere: format tokens of every parser, control characters, huge numbers. */
const GENERIC_JUNK = [
  '\u0000',
  '\uFEFF',
  '\uFFFD',
  '\uD800',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '"',
  "'",
  ';',
  ',',
  '<',
  '>',
  '&',
  '&amp;',
  '&lol;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '__proto__',
  'constructor',
  '99999999999999999999',
  '-1',
  '1e308',
  'NaN',
  '0000-00-00',
  '2024-02-30',
  '9999-12-31',
  '=HYPERLINK("http://evil.example")',
  '{{',
  '}}',
];

export function mutationArbitrary(tokens: readonly string[] = []): fc.Arbitrary<Mutation> {
  const junk = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...GENERIC_JUNK, ...tokens) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: anyCodeUnit }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'grapheme' }) },
  );
  const length = fc.nat({ max: 300 });
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: position }),
    fc.record({ kind: fc.constant('delete' as const), at: position, length }),
    fc.record({ kind: fc.constant('duplicate' as const), at: position, length }),
    fc.record({ kind: fc.constant('swap' as const), at: position, other: position, length }),
    fc.record({ kind: fc.constant('insert' as const), at: position, text: junk }),
    fc.record({
      kind: fc.constant('digit' as const),
      at: position,
      to: fc.constantFrom(...'0123456789-+.,eE x/:'.split('')),
    }),
    fc.record({
      kind: fc.constant('replace-char' as const),
      at: position,
      to: anyCodeUnit,
    }),
  );
}

export function applyMutation(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at);
    case 'swap': {
      const other = m.other % (text.length + 1);
      const [a, b] = at < other ? [at, other] : [other, at];
      const length = Math.min(m.length, b - a);
      return (
        text.slice(0, a) +
        text.slice(b, b + length) +
        text.slice(a + length, b) +
        text.slice(a, a + length) +
        text.slice(b + length)
      );
    }
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'digit': {
      // The next digit from here: amounts, dates, counts and lengths all change this way.
      const rest = text.slice(at).search(/\d/);
      const index = rest < 0 ? at : at + rest;
      return text.slice(0, index) + m.to + text.slice(index + 1);
    }
    case 'replace-char':
      return text.slice(0, at) + m.to + text.slice(at + 1);
  }
}

/** A valid document from `documents`, with one to `maxEdits` mutations applied. */
export function mutatedText(
  documents: fc.Arbitrary<string>,
  options: { tokens?: readonly string[]; maxEdits?: number } = {},
): fc.Arbitrary<string> {
  return fc
    .tuple(
      documents,
      fc.array(mutationArbitrary(options.tokens), { minLength: 1, maxLength: options.maxEdits ?? 4 }),
    )
    .map(([text, mutations]) => mutations.reduce(applyMutation, text));
}

export type TextEncodingName =
  'utf-8' | 'utf-8-bom' | 'latin1' | 'utf-16le-bom' | 'utf-16be-bom' | 'broken-utf-8';

/** Mostly UTF-8, so that most mutations reach the parser's checks beyond the bytes. */
export const encodingArbitrary: fc.Arbitrary<TextEncodingName> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<TextEncodingName>('utf-8') },
  {
    weight: 5,
    arbitrary: fc.constantFrom<TextEncodingName>(
      'utf-8-bom',
      'latin1',
      'utf-16le-bom',
      'utf-16be-bom',
      'broken-utf-8',
    ),
  },
);

/** The text as bytes in an encoding a bank or a spreadsheet might (wrongly) use. */
export function encodeText(text: string, encoding: TextEncodingName): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'latin1':
      return new Uint8Array(Buffer.from(text, 'latin1'));
    case 'utf-16le-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    case 'utf-16be-bom': {
      const le = Buffer.from(text, 'utf16le');
      const be = Buffer.alloc(le.length);
      for (let i = 0; i + 1 < le.length; i += 2) {
        be[i] = le[i + 1] as number;
        be[i + 1] = le[i] as number;
      }
      return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    }
    case 'broken-utf-8': {
      // A lone continuation byte and a cut-off sequence in the middle.
      const bytes = new TextEncoder().encode(text);
      const middle = Math.floor(bytes.length / 2);
      return new Uint8Array([...bytes.subarray(0, middle), 0x80, 0xe2, 0x82, ...bytes.subarray(middle)]);
    }
  }
}

/** Random cuts of the bytes into chunks, as a stream delivers them (also inside a UTF-8 sequence). */
export function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

/** Whether an own property was added to Object.prototype (prototype pollution). */
export function objectPrototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

/**
 * A local HTTP server that counts the requests it gets, up from before the tests of the calling
 * `describe` until after them: a parser or renderer that reaches for a URL in its input shows up as a
 * request (the tests expect none). `answer` is what a request would receive.
 */
export function useNetworkTrap(answer: string): { readonly url: string; readonly requests: number } {
  const trap = { url: '', requests: 0 };
  let server: Server | undefined;
  beforeAll(async () => {
    const started = createServer((_request, response) => {
      trap.requests++;
      response.end(answer);
    });
    await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
    server = started;
    trap.url = `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  return trap;
}
