/**
 * @module payment-matching
 * Which customer and which invoices an incoming bank transaction pays, with a confidence and the
 * evidence for it. Evidence, strongest first: a valid RF creditor reference of an invoice, an
 * invoice number in the remittance text or end-to-end id (spaces, prefixes and leading zeros do
 * not matter; several numbers in one text are found), a customer number, a payer IBAN known for a
 * customer, the payer's name, and whether the amount fits (the open amount, the amount after
 * Skonto, or within the tolerance).
 *
 * Each piece of evidence is a probability that the customer is the right one; they combine as
 * independent witnesses (1 − Π(1 − p)). The service books a suggestion automatically when its
 * confidence reaches AUTO_BOOK_CONFIDENCE and no other customer comes close; everything else goes
 * to the review queue with the ranked suggestions.
 *
 * @example
 * const index = buildMatchIndex(openClaims, customers);
 * const [best] = matchPayment({ amountCents: 11900, text: 'Rechnung RE000815', ... }, index);
 */
import { findCreditorReferences, referenceBody } from './creditor-reference.ts';
import { compactIban } from './iban.ts';
import { transliterateGerman } from './transliterate-german.ts';

export const AUTO_BOOK_CONFIDENCE = 90;
/** The runner-up must be this many points behind for an automatic booking. */
export const AUTO_BOOK_MARGIN = 10;

export interface MatchableClaim {
  claimId: string;
  number: string;
  customerId: string;
  dueDate: string;
  /** What is open now: principal, costs and demanded interest. */
  openCents: number;
  /** Skonto offers of an untouched claim, best first: paid by the deadline, the payable amount settles it. */
  skontoOffers: readonly { deadline: string; payableCents: number }[];
}

export interface MatchableCustomer {
  customerId: string;
  number: string;
  name: string;
  ibans: readonly string[];
}

export interface PaymentToMatch {
  amountCents: number;
  /** The credit day (YYYY-MM-DD): it decides whether Skonto was earned. */
  paidOn: string;
  /** Remittance lines, end-to-end id and creditor reference: everything the payer wrote. */
  texts: readonly (string | null)[];
  payerName: string | null;
  payerIban: string | null;
}

export interface MatchSuggestion {
  customerId: string;
  /** The invoices to book against, in the order named (§366 Abs. 1 BGB); empty: allocate by §366 Abs. 2. */
  claimIds: string[];
  confidence: number;
  evidence: string[];
}

export interface MatchIndex {
  claims: Map<string, MatchableClaim>;
  claimsByCustomer: Map<string, MatchableClaim[]>;
  customers: Map<string, MatchableCustomer>;
  byFullKey: Map<string, MatchableClaim[]>;
  byDigitsKey: Map<string, MatchableClaim[]>;
  byTailKey: Map<string, MatchableClaim[]>;
  customerByKey: Map<string, MatchableCustomer[]>;
  customerByDigits: Map<string, MatchableCustomer[]>;
  customerByIban: Map<string, MatchableCustomer[]>;
  customerByNameToken: Map<string, MatchableCustomer[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}

/** All digits of a number without leading zeros: `RE-2024-0815` → `20240815`, `RE000815` → `815`. */
function digitsKey(number: string): string {
  return stripZeros(number.replace(/\D/g, ''));
}

/** `digitsKey` of a claim's number, worked out once per claim (matching looks at it per payment). */
const digitsOfClaim = new WeakMap<MatchableClaim, string>();
function claimDigits(claim: MatchableClaim): string {
  let key = digitsOfClaim.get(claim);
  if (key === undefined) {
    key = digitsKey(claim.number);
    digitsOfClaim.set(claim, key);
  }
  return key;
}

/** The last group of digits without leading zeros: `2024-0815` → `815`. */
function tailKey(number: string): string | null {
  const groups = number.match(/\d+/g);
  return groups && groups.length > 1 ? stripZeros(groups[groups.length - 1] as string) : null;
}

/** Legal forms and filler words say nothing about who pays. */
const NAME_NOISE = new Set([
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'gbr',
  'ug',
  'ek',
  'e',
  'k',
  'co',
  'und',
  'haftungsbeschraenkt',
  'se',
  'kgaa',
  'ev',
  'inh',
  'der',
  'die',
  'das',
  'herr',
  'frau',
  'dr',
  'prof',
]);

export function nameTokens(name: string): string[] {
  return transliterateGerman(name.toLowerCase())
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1 && !NAME_NOISE.has(t));
}

/** Dice similarity of the name tokens, 0–1; a token matches another that starts with it (abbreviations). */
export function nameSimilarity(a: string, b: string): number {
  return tokenSimilarity([...new Set(nameTokens(a))], [...new Set(nameTokens(b))]);
}

function tokenSimilarity(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  let common = 0;
  for (const token of left) {
    if (right.some((other) => other === token || (token.length >= 3 && other.startsWith(token)))) common++;
  }
  return (2 * common) / (left.length + right.length);
}

/** A customer's distinct name tokens, worked out once: a payer's name is compared with up to hundreds. */
const tokensOfCustomer = new WeakMap<MatchableCustomer, string[]>();
function customerNameTokens(customer: MatchableCustomer): string[] {
  let tokens = tokensOfCustomer.get(customer);
  if (!tokens) {
    tokens = [...new Set(nameTokens(customer.name))];
    tokensOfCustomer.set(customer, tokens);
  }
  return tokens;
}

export function buildMatchIndex(
  claims: readonly MatchableClaim[],
  customers: readonly MatchableCustomer[],
): MatchIndex {
  const index: MatchIndex = {
    claims: new Map(),
    claimsByCustomer: new Map(),
    customers: new Map(),
    byFullKey: new Map(),
    byDigitsKey: new Map(),
    byTailKey: new Map(),
    customerByKey: new Map(),
    customerByDigits: new Map(),
    customerByIban: new Map(),
    customerByNameToken: new Map(),
  };
  for (const customer of customers) addCustomer(index, customer);
  for (const claim of claims) addClaim(index, claim);
  return index;
}

export function addCustomer(index: MatchIndex, customer: MatchableCustomer): void {
  index.customers.set(customer.customerId, customer);
  push(index.customerByKey, referenceBody(customer.number), customer);
  const digits = digitsKey(customer.number);
  if (digits.length >= 2) push(index.customerByDigits, digits, customer);
  for (const iban of customer.ibans) push(index.customerByIban, compactIban(iban), customer);
  for (const token of new Set(nameTokens(customer.name))) push(index.customerByNameToken, token, customer);
}

export function addClaim(index: MatchIndex, claim: MatchableClaim): void {
  index.claims.set(claim.claimId, claim);
  push(index.claimsByCustomer, claim.customerId, claim);
  push(index.byFullKey, referenceBody(claim.number), claim);
  const digits = digitsKey(claim.number);
  if (digits.length >= 3) push(index.byDigitsKey, digits, claim);
  const tail = tailKey(claim.number);
  if (tail && tail !== digits && tail.length >= 3) push(index.byTailKey, tail, claim);
}

/** Records what a booking left open, so later transactions of the same import see it. */
export function updateClaimOpen(index: MatchIndex, claimId: string, openCents: number): void {
  const claim = index.claims.get(claimId);
  if (claim && claim.openCents !== openCents) {
    claim.openCents = openCents;
    claim.skontoOffers = [];
  }
}

/** A payer IBAN newly learnt for a customer. */
export function learnIban(index: MatchIndex, customerId: string, iban: string): void {
  const customer = index.customers.get(customerId);
  const key = compactIban(iban);
  if (customer && !(index.customerByIban.get(key) ?? []).includes(customer)) {
    push(index.customerByIban, key, customer);
  }
}

// --- reading the payer's text -------------------------------------------------------------------

interface NumberHit {
  claim: MatchableClaim;
  /** 0.95 for a full number, less for a short or partial one. */
  weight: number;
  label: string;
}

/** Words before an invoice number: "Rechnung 80331", "RG-Nr. 80331", "Invoice 80331". */
const INVOICE_KEYWORDS =
  /^(RE|RG|RECHNUNG|RECHNUNGSNR|RECHNUNGSNUMMER|RECHN|RGNR|RENR|NR|INVOICE|INV|FAKTURA|BELEG)$/;

const CUSTOMER_KEYWORDS = /^(KD|KDNR|KUNDE|KUNDENNR|KUNDENNUMMER|KNR|CUSTOMER|DEBITOR|DEBITORENNR)$/;

/** Words of the payer's text: runs of letters or of digits. */
function tokensOf(text: string): string[] {
  // Dates and amounts in the text are not numbers of anything: "vom 24.11.2026", "1.234,56 EUR".
  // Nor are IBANs ("DE89 3704 0044 …"), decimal amounts ("100.23") and ISO dates with slashes.
  const cleaned = text
    .toUpperCase()
    .replace(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g, ' ')
    .replace(/\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b/g, ' ')
    .replace(/\b\d{4}[-/]\d{2}[-/]\d{2}\b/g, ' ')
    .replace(/\b\d{1,3}(?:\.\d{3})*,\d{2}\b/g, ' ')
    .replace(/\b\d+\.\d{2}\b/g, ' ');
  // Letters and digits are split too ("RE000815" → RE, 000815): windows of tokens join them again.
  return (transliterateGerman(cleaned).match(/[A-Z]+|\d+/g) ?? []).filter((t) => t.length <= 24);
}

function numberHits(
  index: MatchIndex,
  tokens: readonly string[],
  referenceBodies: readonly string[],
): NumberHit[] {
  const hits = new Map<string, NumberHit>();
  const add = (claim: MatchableClaim, weight: number, label: string): void => {
    const known = hits.get(claim.claimId);
    if (!known || known.weight < weight) hits.set(claim.claimId, { claim, weight, label });
  };
  for (const body of referenceBodies) {
    for (const claim of index.byFullKey.get(body) ?? []) add(claim, 0.99, `RF reference of ${claim.number}`);
  }
  // Digits that are a customer number ("Kunde K0010003", "Kd-Nr 4711") are no invoice's digits.
  const isCustomerNumber = (at: number): boolean => {
    const before = tokens[at - 1];
    if (before === undefined) return false;
    if (CUSTOMER_KEYWORDS.test(before) || index.customerByKey.has(before + (tokens[at] as string)))
      return true;
    const keyword = tokens[at - 2];
    return keyword !== undefined && /^(NR|NUMMER|NO)$/.test(before) && CUSTOMER_KEYWORDS.test(keyword);
  };
  for (let start = 0; start < tokens.length; start++) {
    let full = '';
    let digits = '';
    for (let end = start; end < Math.min(tokens.length, start + 4); end++) {
      const token = tokens[end] as string;
      full += token;
      for (const claim of index.byFullKey.get(full) ?? []) {
        // The whole number as written on the invoice: certain when it has letters or was written in
        // groups ("RE000815", "2024 0815"); a bare run of digits ("80331") may be a postal code or
        // an order number unless the payer calls it an invoice.
        const bare = end === start && /^\d+$/.test(token);
        const called = start > 0 && INVOICE_KEYWORDS.test(tokens[start - 1] as string);
        add(claim, bare && !called ? 0.75 : 0.95, `invoice number ${claim.number}`);
      }
      if (!/^\d+$/.test(token)) {
        // Letters end a run of digit groups, but a prefix before digits (RE 815) may start one.
        if (end > start) break;
        continue;
      }
      if (isCustomerNumber(end)) break;
      digits += token;
      const key = stripZeros(digits);
      if (key.length < 3) continue;
      // A long number is as good as the full invoice number; a short one needs more evidence.
      // A bare number without the invoice's prefix may be anything (an order, a postal code): a long
      // one written as one group weighs more than a short one or groups joined, but never decides alone.
      const weight = key.length >= 5 && end === start ? 0.75 : 0.6;
      for (const claim of index.byDigitsKey.get(key) ?? [])
        add(claim, weight, `invoice number ${claim.number}`);
      if (end === start) {
        for (const claim of index.byTailKey.get(key) ?? [])
          add(claim, 0.4, `end of invoice number ${claim.number}`);
      }
    }
  }
  return [...hits.values()];
}

function customerNumberHits(index: MatchIndex, tokens: readonly string[]): MatchableCustomer[] {
  const found = new Set<MatchableCustomer>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    for (const customer of index.customerByKey.get(token) ?? []) found.add(customer);
    if (i + 1 < tokens.length) {
      for (const customer of index.customerByKey.get(token + tokens[i + 1]) ?? []) found.add(customer);
    }
    // "Kd-Nr 1234", "Kundennummer: 00042": digits after a customer keyword.
    if (CUSTOMER_KEYWORDS.test(token)) {
      for (let j = i + 1; j < Math.min(tokens.length, i + 3); j++) {
        const next = tokens[j] as string;
        if (/^\d+$/.test(next)) {
          for (const customer of index.customerByDigits.get(stripZeros(next)) ?? []) found.add(customer);
          break;
        }
        if (!/^(NR|NUMMER|NO)$/.test(next)) break;
      }
    }
  }
  return [...found];
}

/** Damerau distance ≤ 1 between two digit strings (one typo, or two neighbours swapped). */
function isOneTypoApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// --- scoring ------------------------------------------------------------------------------------

interface Candidate {
  customer: MatchableCustomer;
  witnesses: { p: number; label: string }[];
  named: NumberHit[];
}

function combine(witnesses: readonly { p: number }[]): number {
  return 1 - witnesses.reduce((rest, w) => rest * (1 - w.p), 1);
}

/** The amount that settles the claim with Skonto on the credit day, if Skonto is earned then. */
function skontoPayable(claim: MatchableClaim, paidOn: string): number | null {
  return claim.skontoOffers.find((offer) => paidOn <= offer.deadline)?.payableCents ?? null;
}

function payableOf(claim: MatchableClaim, paidOn: string): number[] {
  const skonto = skontoPayable(claim, paidOn);
  return skonto !== null ? [claim.openCents, skonto] : [claim.openCents];
}

function fits(amount: number, target: number, toleranceCents: number): boolean {
  return amount <= target && target - amount <= toleranceCents;
}

export interface MatchPaymentOptions {
  /** A shortfall up to this many cents still counts as paying the claim in full. */
  toleranceCents: number;
  /** At most this many suggestions are returned. */
  limit?: number;
}

/** Ranked suggestions, best first; empty when nothing points at any customer. */
export function matchPayment(
  payment: PaymentToMatch,
  index: MatchIndex,
  options: MatchPaymentOptions,
): MatchSuggestion[] {
  const text = payment.texts.filter((t): t is string => t !== null && t !== '').join(' ');
  const tokens = tokensOf(text);
  const candidates = new Map<string, Candidate>();
  const candidate = (customer: MatchableCustomer): Candidate => {
    let found = candidates.get(customer.customerId);
    if (!found) {
      found = { customer, witnesses: [], named: [] };
      candidates.set(customer.customerId, found);
    }
    return found;
  };

  for (const hit of numberHits(index, tokens, findCreditorReferences(text))) {
    const customer = index.customers.get(hit.claim.customerId);
    if (customer) candidate(customer).named.push(hit);
  }
  for (const customer of customerNumberHits(index, tokens)) {
    candidate(customer).witnesses.push({ p: 0.8, label: `customer number ${customer.number}` });
  }
  if (payment.payerIban) {
    for (const customer of index.customerByIban.get(compactIban(payment.payerIban)) ?? []) {
      candidate(customer).witnesses.push({ p: 0.85, label: `payer IBAN known for ${customer.number}` });
    }
  }
  if (payment.payerName) {
    const seen = new Set<MatchableCustomer>();
    const payerTokens = [...new Set(nameTokens(payment.payerName))];
    for (const token of payerTokens) {
      const holders = index.customerByNameToken.get(token) ?? [];
      // A token shared by very many customers ("bau", "service") does not single anyone out.
      if (holders.length > 200) continue;
      for (const customer of holders) seen.add(customer);
    }
    for (const customer of seen) {
      const similarity = tokenSimilarity(payerTokens, customerNameTokens(customer));
      const p = similarity >= 0.95 ? 0.75 : similarity >= 0.8 ? 0.5 : similarity >= 0.6 ? 0.3 : 0;
      if (p > 0)
        candidate(customer).witnesses.push({
          p,
          label: `payer name "${payment.payerName}" ~ ${customer.name}`,
        });
    }
  }

  // The payment's numbers, once: short ones ("und 48") and long ones (a typo of an invoice number).
  const shortTokens = new Set(tokens.filter((t) => /^\d{1,2}$/.test(t)).map(stripZeros));
  const longTokens = tokens
    .filter((t) => /^\d+$/.test(t))
    .map((raw) => ({ raw, key: stripZeros(raw) }))
    .filter((t) => t.key.length >= 3);
  const suggestions: MatchSuggestion[] = [];
  const limit = options.limit ?? 5;
  // A candidate found by IBAN, customer number or name alone can gain at most one amount witness
  // (p ≤ 0.6) from its claims — unless the text has long numbers (typos of invoice numbers). Taken
  // in the order of that bound, the candidates below the best `limit` found so far cannot enter
  // the result, and their claims are not looked at (a common name token gives hundreds).
  const boundOf = (c: Candidate): number =>
    c.named.length > 0 || longTokens.length > 0
      ? Number.POSITIVE_INFINITY
      : Math.round(100 * combine([...c.witnesses, { p: 0.6 }]));
  const ordered = [...candidates.values()]
    .map((c) => ({ c, bound: boundOf(c) }))
    .sort((a, b) => b.bound - a.bound);
  for (const { c, bound } of ordered) {
    if (bound !== Number.POSITIVE_INFINITY && suggestions.length >= limit) {
      const kth = suggestions
        .map((s) => s.confidence)
        .sort((a, b) => b - a)
        .at(limit - 1) as number;
      if (bound < kth) break;
    }
    const open = (index.claimsByCustomer.get(c.customer.customerId) ?? []).filter(
      (claim) => claim.openCents > 0,
    );
    const witnesses = [...c.witnesses];
    const named = c.named.filter((hit) => hit.claim.openCents > 0);
    // Numbers found more than once (full and as digits) count once per claim; several claims add up.
    for (const hit of named) witnesses.push({ p: hit.weight, label: hit.label });

    // "Rechnung 1148 und 48": a short number next to a found one names another open invoice of the
    // same customer — taken only when the amount then fits exactly what was named.
    if (named.length > 0) {
      const total = (hits: readonly NumberHit[]) => hits.reduce((sum, hit) => sum + hit.claim.openCents, 0);
      const shortHits =
        shortTokens.size === 0
          ? []
          : open.filter(
              (claim) => !named.some((hit) => hit.claim === claim) && shortTokens.has(claimDigits(claim)),
            );
      const extended = [
        ...named,
        ...shortHits.map((claim) => ({ claim, weight: 0.6, label: `invoice number ${claim.number}` })),
      ];
      if (
        shortHits.length > 0 &&
        !fits(payment.amountCents, total(named), options.toleranceCents) &&
        fits(payment.amountCents, total(extended), options.toleranceCents)
      ) {
        for (const hit of extended.slice(named.length)) {
          named.push(hit);
          witnesses.push({ p: hit.weight, label: hit.label });
        }
      }
    }

    // A number one typo away from an open invoice of a customer other evidence points at.
    if (named.length === 0 && witnesses.length > 0 && longTokens.length > 0) {
      for (const claim of open) {
        const key = claimDigits(claim);
        if (key.length < 3) continue;
        const typo = longTokens.find((t) => isOneTypoApart(t.key, key))?.raw;
        // Only where the amount fits that invoice: a typo alone names nothing.
        if (
          typo &&
          payableOf(claim, payment.paidOn).some((t) => fits(payment.amountCents, t, options.toleranceCents))
        ) {
          named.push({
            claim,
            weight: 0.6,
            label: `"${typo}" is one typo from invoice number ${claim.number}`,
          });
          witnesses.push({ p: 0.6, label: `"${typo}" is one typo from invoice number ${claim.number}` });
        }
      }
    }

    let claimIds = named
      .slice()
      .sort((a, b) => b.weight - a.weight)
      .map((hit) => hit.claim.claimId);
    const amount = payment.amountCents;
    const namedTotal = (pick: (claim: MatchableClaim) => number): number =>
      named.reduce((sum, hit) => sum + pick(hit.claim), 0);
    if (named.length > 0) {
      const full = namedTotal((claim) => claim.openCents);
      const withSkonto = namedTotal((claim) => skontoPayable(claim, payment.paidOn) ?? claim.openCents);
      if (fits(amount, full, options.toleranceCents) || fits(amount, withSkonto, options.toleranceCents)) {
        witnesses.push({ p: 0.6, label: 'amount matches the named invoices' });
      } else if (named.every((hit) => hit.weight < 0.9)) {
        // Short numbers with an amount that fits nothing named: perhaps not invoice numbers at all.
        const matching = open.filter((claim) =>
          payableOf(claim, payment.paidOn).some((t) => fits(amount, t, options.toleranceCents)),
        );
        if (matching.length === 1) claimIds = [(matching[0] as MatchableClaim).claimId];
      }
    } else if (open.length > 0) {
      const matching = open.filter((claim) =>
        payableOf(claim, payment.paidOn).some((t) => fits(amount, t, options.toleranceCents)),
      );
      const total = open.reduce((sum, claim) => sum + claim.openCents, 0);
      if (matching.length === 1) {
        const claim = matching[0] as MatchableClaim;
        claimIds = [claim.claimId];
        witnesses.push({ p: 0.6, label: `amount matches invoice ${claim.number}` });
      } else if (matching.length > 1) {
        // Which of them is a guess: the payment goes by §366 Abs. 2 BGB, oldest first.
        witnesses.push({ p: 0.3, label: `amount matches ${matching.length} invoices` });
      } else if (fits(amount, total, options.toleranceCents)) {
        witnesses.push({ p: 0.5, label: 'amount matches everything open' });
      }
    }
    if (open.length === 0 && named.length === 0) continue;
    let confidence = Math.round(100 * combine(witnesses));
    // A payment that clearly names an invoice settled meanwhile may be paid twice: a person decides.
    const settled = c.named.filter((hit) => hit.claim.openCents <= 0 && hit.weight >= 0.9);
    if (settled.length > 0) {
      confidence = Math.min(confidence, AUTO_BOOK_CONFIDENCE - 1);
      witnesses.push({
        p: 0,
        label: `names ${settled.map((h) => h.claim.number).join(', ')}, settled already (paid twice?)`,
      });
    }
    if (confidence === 0) continue;
    suggestions.push({
      customerId: c.customer.customerId,
      claimIds,
      confidence,
      evidence: witnesses.sort((a, b) => b.p - a.p).map((w) => w.label),
    });
  }
  suggestions.sort((a, b) => b.confidence - a.confidence || a.customerId.localeCompare(b.customerId));
  return suggestions.slice(0, limit);
}

/** Whether the best suggestion may be booked without a person: confident, and nobody else close. */
export function isAutoBookable(suggestions: readonly MatchSuggestion[]): boolean {
  const [best, second] = suggestions;
  if (!best || best.confidence < AUTO_BOOK_CONFIDENCE) return false;
  return !second || best.confidence - second.confidence >= AUTO_BOOK_MARGIN;
}
