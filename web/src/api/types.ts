/**
 * @module types
 * The API's JSON shapes as the web app reads them (see /api/openapi.json). Amounts are integer
 * cents, calendar dates `YYYY-MM-DD`, timestamps ISO 8601.
 */

export type Role = 'admin' | 'controller' | 'viewer';
export type Language = 'de' | 'en';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Session {
  user: { id: number; email: string; name: string; role: Role; language: Language } | null;
  role: Role;
  tenant: { code: string; name: string };
  csrfToken: string | null;
}

export type AgingBucket = 'current' | '1-30' | '31-60' | '61-90' | '90+';

export interface Dashboard {
  asOf: string;
  empty: boolean;
  openCents: number;
  overdueCents: number;
  openInvoices: number;
  overdueInvoices: number;
  aging: { bucket: AgingBucket; cents: number; count: number }[];
  dso: number | null;
  cei: number | null;
  trend: { month: string; dso: number | null; cei: number | null }[];
  expected: { weekStart: string; cents: number }[];
  topOverdue: {
    customerId: number;
    customerNumber: string;
    name: string;
    overdueCents: number;
    /** In the contract; the server does not send it (yet). */
    maxDaysLate?: number;
  }[];
  attention: { proposals: number; paymentsToReview: number; promisesDue: number; tasksOpen: number };
}

export type DebtorKind = 'consumer' | 'business';

export interface CustomerSummary {
  id: number;
  number: string;
  name: string;
  debtorKind: DebtorKind;
  groupKey: string | null;
  email: string | null;
  openCents: number;
  overdueCents: number;
  creditLimitCents: number | null;
  blocked: boolean;
}

export interface Address {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface Customer {
  id: number;
  number: string;
  name: string;
  debtorKind: DebtorKind;
  language: Language;
  email: string | null;
  phone: string | null;
  address: Address | null;
  vatId: string | null;
  ibans?: string[];
  groupKey: string | null;
  creditLimitCents: number | null;
  dunningPolicyKey: string | null;
  blockReason: string | null;
  blockUntil: string | null;
  notes: string | null;
  version: number;
}

export interface CustomerInvoice {
  id: number;
  number: string;
  issuedOn: string;
  dueDate: string;
  grossCents: number;
  openCents: number;
  status: string;
  daysOverdue: number;
}

export interface Dispute {
  id: number;
  invoiceId: number;
  invoiceNumber?: string | null;
  openedOn: string;
  reason: string;
  owner: string | null;
  expiresOn: string | null;
  resolvedOn: string | null;
  resolution: string | null;
}

export interface PromiseToPay {
  id: number;
  invoiceId: number;
  invoiceNumber?: string | null;
  madeOn: string;
  payBy: string;
  amountCents: number;
  status: string;
}

export interface Task {
  id: number;
  kind: string;
  title: string;
  dueOn: string;
  status: string;
  outcome?: string | null;
  customerId?: number;
  customerNumber?: string;
  customerName?: string;
  invoiceId?: number | null;
  noticeId?: number | null;
  /** From GET /api/tasks: whom to call. */
  customerPhone?: string | null;
  customerEmail?: string | null;
  /** From GET /api/tasks?script=true: the customer's open claims for the call. */
  script?: CallScriptData | null;
}

export type ClaimHold = 'disputed' | 'promise' | 'instalment-plan' | 'handed-over';

export interface ScriptClaim {
  invoiceId: number;
  invoiceNumber: string;
  dueDate: string;
  openCents: number;
  daysOverdue: number;
  lastNotice: { stageKey: string; issuedOn: string } | null;
  heldBy: ClaimHold | null;
}

export interface CallScriptData {
  asOf: string;
  openCents: number;
  overdueCents: number;
  claims: ScriptClaim[];
  moreClaims: number;
  lastNotice: { stageKey: string; issuedOn: string; invoiceNumber: string } | null;
}

export interface CustomerDetail {
  customer: Customer;
  totals: { openCents: number; overdueCents: number; creditLimitUsedPercent: number | null };
  invoices: CustomerInvoice[];
  disputes: Dispute[];
  promises: PromiseToPay[];
  tasks: Task[];
}

export interface TimelineEvent {
  id: number;
  at: string;
  type: string;
  actor: string;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
}

export interface InvoiceSummary {
  id: number;
  number: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  issuedOn: string;
  dueDate: string;
  grossCents: number;
  openCents: number;
  status: string;
  daysOverdue: number;
}

export interface InvoiceLine {
  position?: number;
  description: string;
  quantity: number | string;
  unit?: string;
  unitPriceCents: number;
  netCents: number;
  vatRatePercent: number | string;
}

/** One period of default interest at one rate (a line of the Forderungsaufstellung). */
export interface InterestSegment {
  from: string;
  to: string;
  days: number;
  ratePercent: string | number;
  baseRatePercent?: string | number;
  principalCents: number;
  interestCents: number;
}

/** What the customer owes on the invoice today; null when nothing is open. */
export interface ClaimToday {
  asOf: string;
  openPrincipalCents: number;
  openCostsCents: number;
  interestCents: number;
  interestPaidCents: number;
  flatFeeCents: number;
  totalCents: number;
  interestSegments: InterestSegment[];
}

export interface InvoiceDetail {
  invoice: {
    id: number;
    number: string;
    issuedOn: string;
    dueDate: string;
    deliveredOn?: string | null;
    netCents: number;
    vatCents: number;
    grossCents: number;
    status: string;
    paymentTerms: unknown;
    lines: InvoiceLine[];
  };
  customer: { id: number; number: string; name: string };
  openPrincipalCents: number;
  openCostsCents: number;
  daysOverdue?: number;
  claimedToday?: ClaimToday | null;
  /** In the contract; the server sends claimedToday instead. */
  interestToDateCents?: number;
  payments: {
    id: number;
    receivedOn?: string;
    bookedOn?: string;
    amountCents: number;
    source: string;
    reference?: string | null;
    payerName?: string | null;
    reversed?: boolean;
    component?: string;
    allocatedCents: number;
  }[];
  notices: {
    id: number;
    stageKey: string;
    issuedOn: string;
    status: string;
    channel?: string;
    paymentDeadline?: string | null;
    totalCents: number;
  }[];
  documents?: { pdf: string; einvoice: { format: string; url: string }[] };
}

export interface StageCounts {
  notices: number;
  claims: number;
  amountCents: number;
}

export interface RunCounts {
  date: string;
  notices: number;
  claims: number;
  amountCents: number;
  /** The contract says a count per stage; the server sends notices, claims and amount per stage. */
  byStage: Record<string, number | StageCounts>;
  heldBack: Record<string, number>;
}

export interface RunStarted extends RunCounts {
  runId: number;
  approvedAutomatically: number | boolean;
}

export interface Run {
  id: number;
  runOn: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  actor: string;
  stats: Record<string, unknown> | null;
}

export type NoticeStatus = 'proposed' | 'approved' | 'sent' | 'cancelled';

export interface Notice {
  id: number;
  runId: number | null;
  customerId: number;
  customerNumber: string;
  customerName: string;
  stageKey: string;
  stageIndex: number;
  channel: string;
  issuedOn: string;
  paymentDeadline: string | null;
  status: NoticeStatus;
  feeCents: number;
  totalCents: number;
  claims: number;
}

export interface StatementResult {
  importId: number;
  duplicate: boolean;
  statements: number;
  entries: number;
  newEntries: number;
  booked: number;
  review: number;
  parked?: number;
  ignored: number;
  returns: number;
}

export interface StatementImport {
  id: number;
  fileName: string;
  format: string;
  importedAt: string;
  entries: number;
  newEntries?: number;
  booked: number;
  review: number;
  parked?: number;
  ignored?: number;
}

export interface MatchSuggestion {
  customerId?: number | null;
  customerNumber: string | null;
  customerName: string | null;
  /** Empty: the payment names no invoice; the server allocates it by §366 Abs. 2 BGB. */
  invoiceNumbers: string[];
  /** 0–100. */
  confidence: number;
  evidence: string[];
}

export interface ReviewItem {
  id: number;
  status: 'review' | 'parked';
  bookingDate: string;
  amountCents: number;
  currency: string;
  payerName: string | null;
  payerIban: string | null;
  remittance: string | null;
  direction?: 'credit' | 'debit';
  endToEndId?: string | null;
  reason: string[];
  suggestions: MatchSuggestion[];
}

/** A person's decision which invoices (or, without numbers, which customer) a bank entry pays. */
export interface ReviewAssignment {
  invoiceNumbers: string[];
  customerNumber?: string;
}

export interface PromiseDue {
  id: number;
  invoiceId: number;
  invoiceNumber?: string | null;
  customerId?: number | null;
  customerNumber?: string | null;
  customerName?: string | null;
  payBy: string;
  amountCents: number;
  status: string;
}

export interface CompanyProfile {
  name: string;
  address: Address | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  vatId: string | null;
  taxNumber: string | null;
  register: string | null;
  managingDirectors: string | null;
  /** Federal state of the seat: its public holidays and the central dunning court. */
  state: GermanState;
  creditorId: string | null;
  bank: { iban: string; bic: string | null; bankName: string | null } | null;
}

export const GERMAN_STATES = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;
export type GermanState = (typeof GERMAN_STATES)[number];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  language?: Language;
  active?: boolean;
  lastLoginAt?: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

export interface PolicyStage {
  key: string;
  name?: string;
  offsetDays: number;
  channel: string;
  feeCents?: number;
  paymentDeadlineDays?: number | null;
  chargeInterest?: boolean;
  claimFlatFee?: boolean;
  announcesEscalation?: boolean;
}

export interface Policy {
  key: string;
  name?: string | null;
  version: number;
  defaultFor: string | string[] | null;
  approval?: 'manual' | 'automatic' | null;
  stages?: PolicyStage[];
  issues?: { path: string; message: string }[];
  document: { name?: string; approval?: string; stages?: PolicyStage[]; [key: string]: unknown };
}

export interface BaseRate {
  validFrom: string;
  ratePercent: number | string;
}

export type PlanStatus = 'active' | 'completed' | 'accelerated' | 'cancelled';

/** An instalment as the plan's schedule has it; `paidCents` is what the payments so far cover. */
export interface PlanInstalment {
  /** 0 for the down payment. */
  number: number;
  dueDate: string;
  amountCents: number;
  /** Agreed interest in the amount. */
  interestCents: number;
  paidCents: number;
}

export interface PlanDue {
  number: number;
  dueDate: string;
  openCents: number;
}

export interface PlanStanding {
  asOf: string;
  status: 'active' | 'completed' | 'accelerated';
  next: PlanDue | null;
  missed: PlanDue | null;
  acceleratedOn: string | null;
}

export interface PlanSummary {
  id: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  status: PlanStatus;
  agreedOn: string;
  closedOn: string | null;
  currency: string;
  claimsCents: number;
  interest: { ratePercent: string; dayCount: string; totalCents: number } | null;
  totalCents: number;
  paidCents: number;
  openCents: number;
  graceDays: number;
  reminderDaysBefore: number | null;
  instalmentCount: number;
  standing: PlanStanding;
}

export interface PlanClaim {
  invoiceNumber: string;
  dueDate: string;
  openPrincipalCents: number;
  costsCents: number;
  interestCents: number;
  totalCents: number;
}

export interface PlanDetail extends Omit<PlanSummary, 'instalmentCount'> {
  customerEmail: string | null;
  claims: PlanClaim[];
  instalments: PlanInstalment[];
  /** URL of the agreement as PDF. */
  agreement: string;
}

/** What POST /api/plans takes. */
export interface NewPlan {
  customerNumber: string;
  invoiceNumbers?: string[];
  agreedOn?: string;
  downPayment?: string;
  count?: number;
  amountPerInstalment?: string;
  firstDueDate: string;
  rhythm: { months: number } | { days: number };
  graceDays?: number;
  interestRatePercent?: string;
  reminderDaysBefore?: number | null;
}

export type CaseKind = 'agency' | 'lawyer';
export type CaseStatus = 'handed-over' | 'agency-paid' | 'closed' | 'returned';

/** A row of GET /api/collection-cases. */
export interface CollectionCaseSummary {
  id: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  kind: CaseKind;
  agencyName: string;
  handedOverOn: string;
  status: CaseStatus;
  closedOn: string | null;
  /** Number of claims. */
  claims: number;
  handedOverCents: number;
  collectedCents: number;
}

export interface CaseClaim {
  invoiceId: number;
  invoiceNumber: string;
  dueDate: string;
  /** The invoice now: open, paid, written-off. */
  status: string;
  principalCents: number;
  costsCents: number;
  interestCents: number;
  totalCents: number;
}

export interface Remittance {
  id: number;
  reportedOn: string;
  collectedCents: number;
  debtorCostsCents: number;
  retainedCents: number;
  forwardedCents: number;
  paymentId: number | null;
}

export interface CollectionCase extends Omit<CollectionCaseSummary, 'claims'> {
  agencyReference: string | null;
  claims: CaseClaim[];
  remittances: Remittance[];
  forwardedCents: number;
}

export interface LeftOutClaim {
  invoiceNumber: string;
  reason: string;
}

/** What POST /api/collection-cases answers. */
export interface HandedOverCase extends CollectionCase {
  leftOut: LeftOutClaim[];
}

export interface WrittenOff {
  writeOffId: number;
  invoiceNumber: string;
  principalCents: number;
  costsCents: number;
  interestCents: number;
  /** VAT contained in the principal written off, to correct (§ 17 UStG). */
  vatCents: number;
}

export type WriteOffKind = 'bad-debt' | 'settlement' | 'dispute';

export interface CustomerWriteOff extends WrittenOff {
  invoiceId: number;
  writtenOffOn: string;
  kind: WriteOffKind;
  reason: string;
  caseId: number | null;
}

export interface Settlement {
  paymentId: number | null;
  receivedCents: number;
  writtenOff: WrittenOff[];
}

/** What a run decided before it dunned, as GET /api/runs/:id keeps it in its figures. */
export interface RunDecisions {
  promises?: { kept: number; broken: number; reminders: number };
  plans?: { completed: number; accelerated: number };
  instalmentReminders?: number;
}

export type SepaScheme = 'CORE' | 'B2B';
export type MandateKind = 'recurring' | 'one-off';
export type MandateStatus = 'active' | 'revoked' | 'used' | 'expired';

/** A SEPA direct debit mandate (GET /api/customers/:id/mandates), with its status today. */
export interface Mandate {
  id: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  /** Mandatsreferenz. */
  reference: string;
  signedOn: string;
  scheme: SepaScheme;
  kind: MandateKind;
  /** The account holder. */
  debtorName: string;
  iban: string;
  bic: string | null;
  /** The collection date of the first collection under it. */
  firstCollectedOn: string | null;
  lastCollectionDate: string | null;
  revokedOn: string | null;
  status: MandateStatus;
}

export interface NewMandate {
  reference: string;
  signedOn: string;
  scheme: SepaScheme;
  kind: MandateKind;
  debtorName?: string;
  iban: string;
  bic?: string;
}

/** What POST /api/mandates/:id/revoke answers: the collections exported already, to recall at the bank. */
export interface RevokedMandate {
  mandate: Mandate;
  pendingCollections: { endToEndId: string; collectionDate: string; amountCents: number }[];
}

/** A `sepa.exported` event of GET /api/events: one pain.008 file. */
export interface SepaExportEvent {
  id: number;
  at: string;
  actor: string;
  /** The message id. */
  entityId: string;
  payload: {
    collectionDate?: string;
    scheme?: SepaScheme;
    count?: number;
    sumCents?: number;
    batches?: { sequenceType: string; count: number; sumCents: number }[];
  };
}

/** An amount of the court dunning data: decimal euros as the online form takes them, and cents. */
export interface Betrag {
  euro: string;
  cent: number;
}

export interface CourtParty {
  art: 'natuerliche-person' | 'firma' | 'gesellschaft';
  name: string;
  rechtsform: string | null;
  strasse: string;
  adresszusatz: string[];
  plz: string;
  ort: string;
  land: string;
  gesetzlicherVertreter: { funktion: string; name: string } | null;
}

/** GET /api/customers/:id/court-dunning: the data of a Mahnbescheid application (German keys). */
export interface CourtDunningApplication {
  format: string;
  stand: string;
  kunde: { nummer: string; id: number; verbraucher: boolean };
  mahngericht: { name: string; grund: string; vorschrift: string };
  antragsteller: CourtParty;
  antragsgegner: CourtParty;
  hauptforderungen: {
    nr: number;
    katalognummer: number | null;
    anspruch: string;
    bezeichnung: string;
    rechnungsnummer: string;
    rechnungsdatum: string;
    faelligAm: string;
    verzugsbeginn: string;
    betrag: Betrag;
  }[];
  zinsen: {
    laufende: {
      zuHauptforderung: number;
      zinsart: 'ueber-basiszinssatz' | 'fest';
      prozentpunkte: string | null;
      prozentJaehrlich: string | null;
      ab: string;
      aus: Betrag;
      text: string;
      grundlage: string;
    }[];
    ausgerechnete: { zuHauptforderung: number; von: string; bis: string; betrag: Betrag; grund: string }[];
  };
  auslagen: Betrag;
  nebenforderungen: {
    mahnkosten: Betrag;
    bankruecklastkosten: Betrag;
    inkassokosten: Betrag;
    sonstige: { bezeichnung: string; betrag: Betrag }[];
    aufschluesselung: { rechnungsnummer: string; art: string; betrag: Betrag }[];
  };
  prozessgericht: {
    art: 'Amtsgericht' | 'Landgericht';
    plz: string;
    ort: string;
    land: string;
    streitwert: Betrag;
    wertgrenzeAmtsgericht: Betrag;
    regel: string;
  };
  summe: {
    hauptforderungen: Betrag;
    ausgerechneteZinsen: Betrag;
    nebenforderungen: Betrag;
    auslagen: Betrag;
    gesamt: Betrag;
  };
  gerichtskosten: string;
  hinweise: { code: string; rechnungsnummer: string | null; text: string }[];
  nichtAufgenommen: { rechnungsnummer: string; grund: string }[];
}

export type NwOlgDistrict = 'hamm' | 'duesseldorf' | 'koeln';

/** GET /api/settings/court-dunning. */
export interface CourtDunningSettings {
  nwOlgDistrict: NwOlgDistrict | null;
  court: { name: string; reason: string; statute: string } | null;
  /** What is missing for the court (`path: message`), if anything. */
  missing: string | null;
}

export type RiskBand = 'low' | 'medium' | 'high' | 'very-high';
export type RiskFactorKey =
  | 'days-late'
  | 'share-late'
  | 'overdue-amount'
  | 'overdue-age'
  | 'broken-promises'
  | 'returns'
  | 'disputes-lost'
  | 'notices'
  | 'collection'
  | 'thin-history';

export interface RiskBehaviour {
  invoicesWithRecord: number;
  invoicesSettled: number;
  invoicesOverdue: number;
  averageDaysLate: number;
  weightedDaysLate: number;
  shareLatePercent: number;
  overdueCents: number;
  oldestOverdueDays: number;
  promisesBroken: number;
  promisesKept: number;
  returnedPayments: number;
  disputesLost: number;
  noticesSent: number;
  collectionCases: number;
  badDebtCents: number;
  monthlyVolumeCents: number;
}

/** GET /api/customers/:id/risk */
export interface CustomerRisk {
  asOf: string;
  customer: { id: number; number: string; name: string; creditLimitCents: number | null };
  score: number;
  band: RiskBand;
  /** Every factor in a fixed order, also those with 0 points; `detail` is English. */
  factors: { key: RiskFactorKey; label: string; points: number; maxPoints: number; detail: string }[];
  behaviour: RiskBehaviour;
  suggestedLimit: {
    cents: number | null;
    monthlyVolumeCents: number;
    monthsPercent: number;
    stepCents: number;
    detail: string;
  };
  expectation: { typicalDaysLate: number; probabilityPercent: number };
  exposure: {
    openClaimsCents: number;
    openOrdersCents: number;
    totalCents: number;
    creditLimitCents: number | null;
    usedPercent: number | null;
    overLimitCents: number;
  };
}

export interface CreditLimitAlert {
  customerId: number;
  customerNumber: string;
  name: string;
  creditLimitCents: number;
  openClaimsCents: number;
  openOrdersCents: number;
  exposureCents: number;
  overLimitCents: number;
}

/** GET /api/risk */
export interface RiskList {
  asOf: string;
  customers: number;
  bands: Record<RiskBand, number>;
  items: {
    customerId: number;
    customerNumber: string;
    name: string;
    score: number;
    band: RiskBand;
    topFactors: { key: RiskFactorKey; label: string; points: number }[];
    averageDaysLate: number;
    overdueCents: number;
    oldestOverdueDays: number;
    exposureCents: number;
    creditLimitCents: number | null;
    suggestedLimitCents: number | null;
    overLimitCents: number;
  }[];
  alerts: CreditLimitAlert[];
}

/** GET /api/reports/cash-forecast */
export interface CashForecast {
  start: string;
  end: string;
  weeks: {
    week: string;
    from: string;
    to: string;
    expectedCents: number;
    overdueCents: number;
    instalmentCents: number;
    items: number;
  }[];
  expectedCents: number;
  laterCents: number;
  doubtfulCents: number;
  disputedCents: number;
  handedOverCents: number;
  totalCents: number;
  customers: number;
  plans: number;
}

export type CreditLimitMode = 'warn' | 'block';

export interface CreditLimitSettings {
  mode: CreditLimitMode;
}
