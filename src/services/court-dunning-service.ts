/**
 * @module court-dunning-service
 * The data of an application for a Mahnbescheid (gerichtliches Mahnverfahren, §§ 688 ff. ZPO) for a
 * customer's claims as of a day, shaped after the fields of www.online-mahnantrag.de, so that a
 * person can transfer it (or a program read it) — Mahnwerk does not file anything itself.
 *
 * What goes in (see `CourtDunningApplication` for the JSON, documented field by field):
 * - Antragsteller: the company (name, legal form read from the name, address, legal representative
 *   from the managing directors); Antragsgegner: the customer (natural person for a consumer).
 * - Hauptforderungen: one per invoice, "Rechnung Nr. X vom DATUM", with the principal open on the
 *   day and the catalogue claim chosen per call (default: a "sonstiger Anspruch" named by the invoice).
 * - Zinsen: running statutory interest per claim, "x Prozentpunkte über dem jeweiligen Basiszinssatz
 *   ab DATUM" (§ 288 Abs. 1, 2 BGB) on the open principal — see `interestClaimOf` for when the
 *   interest up to the day is claimed as calculated instead.
 * - Nebenforderungen: the dunning fees charged (Mahnkosten), the €40 flat fee (§ 288 Abs. 5 BGB) where
 *   it was claimed and is not paid, bank charges of returned debits, collection costs (less the flat
 *   fee, which counts against them), and the applicant's own expenses for this procedure (per call).
 * - Mahngericht and Prozessgericht (central-dunning-court.ts). The court fee is the court's to compute.
 *
 * Claims that may not go to court are refused by name: not in default on the day, an open dispute,
 * an active instalment plan, handed over to a collection agency, paid, cancelled, not in euros.
 * Without a selection, every claim with something open is considered and those refused are listed
 * as left out; with a selection, any refusal fails the whole request.
 *
 * Previews (the JSON and the PDF) change nothing. `exportCourtDunning` — the CLI writing a file, the
 * API's POST — records `court-dunning.prepared` on the customer's timeline: a preview is looking,
 * an export is the decision to go to court, and only that belongs in the record (and a GET must stay
 * safe to repeat).
 */
import { and, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { noticeCostsAfter, type NoticeCostRow } from '../db/claim-statement-repository.ts';
import { caseHoldsOf } from '../db/collection-repository.ts';
import type { CustomerRow } from '../db/customer-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import { planHoldsOf } from '../db/instalment-plan-repository.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';
import { claimCosts, type PostalAddress } from '../db/schema.ts';
import { isAnyOf } from '../db/sql-arrays.ts';
import { findTenantById, type TenantRow, updateSettingsSection } from '../db/tenant-repository.ts';
import {
  addDays,
  type CalendarDate,
  daysBetween,
  formatCalendarDate,
  yearOf,
} from '../domain/calendar-date.ts';
import {
  type CentralDunningCourt,
  centralDunningCourt,
  isNwOlgDistrict,
  NW_OLG_DISTRICTS,
  type NwOlgDistrict,
  trialCourtFor,
} from '../domain/central-dunning-court.ts';
import type { DayCountConvention } from '../domain/day-count.ts';
import type { InterestRateBasis } from '../domain/default-interest.ts';
import { type ClaimFacts, type NoticeItem, statementOfClaims } from '../domain/evaluate-dunning.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money, minorToDecimalString, parseAmount } from '../domain/money.ts';
import { formatPercent } from '../domain/percent.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { renderCourtDunningPdf } from '../documents/court-dunning-pdf.ts';
import { AppError, type AppErrorIssue } from './app-error.ts';
import { noticeCharges, statementOf } from './claim-statement-service.ts';
import { type CompanyProfile, getCompanyProfile } from './company-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { loadCustomerFacts, loadPolicies } from './dunning-run-service.ts';
import type { NoticeDocumentItem } from '../documents/notice-pdf.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

// ---------------------------------------------------------------------------------------------
// The JSON export

/** An amount as the online form takes it (euros with a decimal point) and as machines do (cents). */
export interface Betrag {
  /** Decimal euros, e.g. "1190.00". */
  euro: string;
  cent: number;
}

/**
 * How the online form asks for a party: a natural person (first and last name), a business
 * trading under a name whose owner is a person or whose legal form is not known ("Firma"), or a
 * company with a legal form (legal entity or partnership, with its legal representative).
 */
export type ParteiArt = 'natuerliche-person' | 'firma' | 'gesellschaft';

export interface Partei {
  art: ParteiArt;
  /** The full name (for a natural person: first and last name in one, as stored). */
  name: string;
  /** GmbH, UG (haftungsbeschränkt), AG, GmbH & Co. KG, e.K. …, read from the name; null: not recognised. */
  rechtsform: string | null;
  strasse: string;
  /** Further lines above the street (c/o, department). */
  adresszusatz: string[];
  plz: string;
  ort: string;
  /** ISO country code. */
  land: string;
  /** Gesetzlicher Vertreter, where known (the applicant's managing directors). */
  gesetzlicherVertreter: { funktion: string; name: string } | null;
}

export interface Hauptforderung {
  /** 1, 2, …: the interest entries refer to it. */
  nr: number;
  /** Katalognummer of the Hauptforderungs-Katalog; null: a "sonstiger Anspruch". */
  katalognummer: number | null;
  /** The catalogue designation ("Kaufvertrag", "Dienstleistungsvertrag") or "Sonstiger Anspruch". */
  anspruch: string;
  /** "Rechnung Nr. RE-1 vom 02.01.2025". */
  bezeichnung: string;
  belegart: 'Rechnung';
  rechnungsnummer: string;
  rechnungsdatum: CalendarDate;
  faelligAm: CalendarDate;
  /** First day of default (§ 286 BGB), which is also the first interest day. */
  verzugsbeginn: CalendarDate;
  /** The principal open on the day of the application. */
  betrag: Betrag;
}

export interface LaufendeZinsen {
  zuHauptforderung: number;
  /** Statutory interest is over the base rate; a contractual rate is fixed per year. */
  zinsart: 'ueber-basiszinssatz' | 'fest';
  /** Percentage points over the Basiszinssatz ("9", "5", "8"); null for a fixed rate. */
  prozentpunkte: string | null;
  /** A fixed rate per year; null for interest over the base rate. */
  prozentJaehrlich: string | null;
  /** From this day (inclusive), until payment. */
  ab: CalendarDate;
  /** On this amount: the open principal. */
  aus: Betrag;
  /** "9 Prozentpunkte über dem jeweiligen Basiszinssatz ab 01.02.2025 aus 1.190,00 €". */
  text: string;
  grundlage: string;
}

export interface AusgerechneteZinsen {
  zuHauptforderung: number;
  von: CalendarDate;
  bis: CalendarDate;
  /** Interest for the period, less interest already paid. */
  betrag: Betrag;
  /** Why the interest to the day is claimed as calculated rather than running from default. */
  grund: string;
}

export type KostenArt =
  'mahnkosten' | 'verzugspauschale' | 'bankruecklastkosten' | 'inkassokosten' | 'sonstige-kosten';

export interface Nebenforderungen {
  /** Fees of the dunning letters, charged and not paid. */
  mahnkosten: Betrag;
  /** Bank charges of returned direct debits. */
  bankruecklastkosten: Betrag;
  /** Collection costs, less the flat fee of § 288 Abs. 5 BGB that counts against them. */
  inkassokosten: Betrag;
  /** Further ancillary claims with their designation: the flat fee of § 288 Abs. 5 BGB. */
  sonstige: { bezeichnung: string; betrag: Betrag }[];
  /** Each of them by invoice, as the summary explains them. */
  aufschluesselung: { rechnungsnummer: string; art: KostenArt; betrag: Betrag }[];
}

export interface Prozessgericht {
  art: 'Amtsgericht' | 'Landgericht';
  /** The respondent's place: the online form finds the court from postal code and town. */
  plz: string;
  ort: string;
  land: string;
  /** The sum of the main claims (§ 4 Abs. 1 ZPO: without interest and costs). */
  streitwert: Betrag;
  /** The limit of § 23 Nr. 1 GVG on the day. */
  wertgrenzeAmtsgericht: Betrag;
  /** The rule applied, in words. */
  regel: string;
}

export interface Hinweis {
  code: string;
  rechnungsnummer: string | null;
  text: string;
}

/** The application data; German keys after the online form's sections. */
export interface CourtDunningApplication {
  format: 'mahnwerk/mahnantrag@1';
  /** The day the application is prepared for: amounts and default as of this day. */
  stand: CalendarDate;
  kunde: { nummer: string; id: number; verbraucher: boolean };
  mahngericht: { name: string; grund: string; vorschrift: string };
  antragsteller: Partei;
  antragsgegner: Partei;
  hauptforderungen: Hauptforderung[];
  zinsen: { laufende: LaufendeZinsen[]; ausgerechnete: AusgerechneteZinsen[] };
  /** Auslagen des Antragstellers für dieses Verfahren (e.g. postage), as given per call. */
  auslagen: Betrag;
  nebenforderungen: Nebenforderungen;
  prozessgericht: Prozessgericht;
  summe: {
    hauptforderungen: Betrag;
    ausgerechneteZinsen: Betrag;
    nebenforderungen: Betrag;
    auslagen: Betrag;
    /** All of the above; running interest and the court fee come on top. */
    gesamt: Betrag;
  };
  /** The court fee is computed by the dunning court and not part of this data. */
  gerichtskosten: string;
  hinweise: Hinweis[];
  /** Claims with something open that were left out (only when no invoices were named), and why. */
  nichtAufgenommen: { rechnungsnummer: string; grund: string }[];
}

export const GERICHTSKOSTEN_HINWEIS =
  'Die Gerichtskosten berechnet das Mahngericht; sie sind in diesen Angaben nicht enthalten.';

export function betrag(cents: number): Betrag {
  return { euro: minorToDecimalString(cents, 2), cent: cents };
}

/** "1.190,00 €" with a plain space (Intl puts a no-break space, which pastes badly into a form). */
function euroText(cents: number): string {
  return formatMoney(Money.of(cents, 'EUR'), 'de').replace(/\u00a0/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Input

/**
 * The claim as the catalogue of the dunning courts names it. Confirmed numbers of the
 * Hauptforderungs-Katalog: 11 Kaufvertrag (goods delivered), 5 Dienstleistungsvertrag. The default
 * names the claim by its invoice alone, as a "sonstiger Anspruch" (no number).
 */
export const CLAIM_KINDS = ['invoice', 'goods', 'services'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_CATALOGUE: Record<ClaimKind, { katalognummer: number | null; anspruch: string }> = {
  invoice: { katalognummer: null, anspruch: 'Sonstiger Anspruch' },
  goods: { katalognummer: 11, anspruch: 'Kaufvertrag' },
  services: { katalognummer: 5, anspruch: 'Dienstleistungsvertrag' },
};

const euroAmountSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    try {
      const amount = parseAmount(text, 'EUR', 'expenses');
      if (amount.isNegative()) throw new Error('negative');
      return amount.minor;
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected an amount in euros like 3.45, got "${text}"` });
      return z.NEVER;
    }
  });

export const courtDunningInputSchema = z.object({
  asOf: calendarDateSchema,
  /** The invoices to claim; default: every claim of the customer that may go to court. */
  invoiceNumbers: z
    .array(z.string().trim().min(1).max(60))
    .min(1)
    .max(500)
    .refine((numbers) => new Set(numbers).size === numbers.length, 'names an invoice twice')
    .optional(),
  claimKind: z.enum(CLAIM_KINDS).default('invoice'),
  /** Auslagen for this procedure, in euros ("3.45"). */
  expenses: euroAmountSchema.optional(),
});

export type CourtDunningInput = z.input<typeof courtDunningInputSchema>;

// ---------------------------------------------------------------------------------------------
// Settings: the OLG district of a seat in Nordrhein-Westfalen

export const courtDunningSettingsSchema = z.object({
  nwOlgDistrict: z.enum(NW_OLG_DISTRICTS).nullable(),
});

export interface CourtDunningSettings {
  nwOlgDistrict: NwOlgDistrict | null;
  /** The dunning court these settings and the company's seat give; null while something is missing. */
  court: CentralDunningCourt | null;
  /** What is missing for the court, if anything. */
  missing: string | null;
}

const SETTING_PATH = 'settings.courtDunning.nwOlgDistrict';
const SETTING_HOW = `mahnwerk court settings --olg-district ${NW_OLG_DISTRICTS.join('|')} (API: PUT /api/settings/court-dunning)`;

function storedDistrict(tenant: TenantRow): NwOlgDistrict | null {
  const value = (tenant.settings.courtDunning as { nwOlgDistrict?: unknown } | undefined)?.nwOlgDistrict;
  return isNwOlgDistrict(value) ? value : null;
}

async function tenantOrFail(ctx: Pick<ServiceContext, 'db' | 'tenantId'>): Promise<TenantRow> {
  const tenant = await findTenantById(ctx.db, ctx.tenantId);
  if (!tenant) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
  return tenant;
}

/** The court of the company's seat, or the issue saying what is missing and how to set it. */
function courtOf(
  tenant: TenantRow,
  address: { country: string } | null,
): { court: CentralDunningCourt } | { issue: AppErrorIssue } {
  if (!address) {
    return {
      issue: {
        path: 'company.address',
        message:
          'the company\'s postal address (the applicant\'s seat decides the court): mahnwerk company set --street "…" --postal-code … --city … [--country DE]',
      },
    };
  }
  const district = storedDistrict(tenant);
  if (address.country === 'DE' && tenant.state === 'NW' && !district) {
    return {
      issue: {
        path: SETTING_PATH,
        message: `the Oberlandesgericht district of the seat in Nordrhein-Westfalen (Hamm or Düsseldorf: Amtsgericht Hagen; Köln: Amtsgericht Euskirchen); postal codes cross the districts, so it is a setting: ${SETTING_HOW}`,
      },
    };
  }
  return {
    court: centralDunningCourt({ country: address.country, state: tenant.state, nwOlgDistrict: district }),
  };
}

export async function getCourtDunningSettings(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
): Promise<CourtDunningSettings> {
  const tenant = await tenantOrFail(ctx);
  const found = courtOf(tenant, tenant.address);
  return {
    nwOlgDistrict: storedDistrict(tenant),
    court: 'court' in found ? found.court : null,
    missing: 'issue' in found ? `${found.issue.path}: ${found.issue.message}` : null,
  };
}

/** Sets (or with null clears) the OLG district, keeping the other settings; records the change. */
export async function updateCourtDunningSettings(
  ctx: ServiceContext,
  raw: z.input<typeof courtDunningSettingsSchema>,
): Promise<CourtDunningSettings> {
  const input = parseInput(courtDunningSettingsSchema, raw, 'court dunning settings');
  await ctx.db.transaction(async (tx) => {
    const before = await updateSettingsSection(tx, ctx.tenantId, 'courtDunning', {
      nwOlgDistrict: input.nwOlgDistrict,
    });
    if (!before) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'company.updated',
          entityType: 'company',
          entityId: ctx.tenantId,
          payload: { changed: ['courtDunning.nwOlgDistrict'], nwOlgDistrict: input.nwOlgDistrict },
        },
      ],
      ctx.now(),
    );
  });
  return getCourtDunningSettings(ctx);
}

// ---------------------------------------------------------------------------------------------
// Parties

interface LegalForm {
  form: string;
  art: ParteiArt;
  /** The legal representative's function, where the form tells it. */
  representative: string | null;
}

/** Word boundaries that also hold next to dots and umlauts ("e.K.", "Müller GmbH"). */
const formPattern = (source: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'u');

/** Checked in order: the compound forms before their parts (GmbH & Co. KG before GmbH and KG). */
const LEGAL_FORM_ROWS: readonly [
  source: string,
  form: string,
  art: ParteiArt,
  representative: string | null,
][] = [
  [String.raw`GmbH\s*&\s*Co\.?\s*KGaA`, 'GmbH & Co. KGaA', 'gesellschaft', null],
  [
    String.raw`GmbH\s*&\s*Co\.?\s*KG`,
    'GmbH & Co. KG',
    'gesellschaft',
    'Geschäftsführer der persönlich haftenden Gesellschafterin',
  ],
  [
    String.raw`UG\s*\(haftungsbeschränkt\)\s*&\s*Co\.?\s*KG`,
    'UG (haftungsbeschränkt) & Co. KG',
    'gesellschaft',
    'Geschäftsführer der persönlich haftenden Gesellschafterin',
  ],
  [String.raw`AG\s*&\s*Co\.?\s*KG`, 'AG & Co. KG', 'gesellschaft', null],
  [String.raw`gGmbH`, 'gGmbH', 'gesellschaft', 'Geschäftsführer'],
  [String.raw`GmbH`, 'GmbH', 'gesellschaft', 'Geschäftsführer'],
  [String.raw`UG\s*\(haftungsbeschränkt\)`, 'UG (haftungsbeschränkt)', 'gesellschaft', 'Geschäftsführer'],
  [String.raw`KGaA`, 'KGaA', 'gesellschaft', null],
  [String.raw`AG`, 'AG', 'gesellschaft', 'Vorstand'],
  [String.raw`SE`, 'SE', 'gesellschaft', null],
  [String.raw`PartG\s*mbB`, 'PartG mbB', 'gesellschaft', null],
  [String.raw`PartG`, 'PartG', 'gesellschaft', null],
  [String.raw`OHG|oHG`, 'OHG', 'gesellschaft', null],
  [String.raw`KG`, 'KG', 'gesellschaft', null],
  [String.raw`GbR`, 'GbR', 'gesellschaft', null],
  [String.raw`eG`, 'eG', 'gesellschaft', 'Vorstand'],
  [String.raw`e\.\s?V\.`, 'e.V.', 'gesellschaft', 'Vorstand'],
  [String.raw`e\.\s?K\.|e\.\s?Kfm\.|e\.\s?Kfr\.`, 'e.K.', 'firma', 'Inhaber'],
];

const LEGAL_FORMS = LEGAL_FORM_ROWS.map(([source, form, art, representative]) => ({
  pattern: formPattern(source),
  form: { form, art, representative } satisfies LegalForm,
}));

/** The legal form named in a company's name, or null. */
export function legalFormOf(name: string): LegalForm | null {
  return LEGAL_FORMS.find((f) => f.pattern.test(name))?.form ?? null;
}

function addressParts(address: PostalAddress) {
  return {
    strasse: address.street,
    adresszusatz: address.extra ?? [],
    plz: address.postalCode,
    ort: address.city,
    land: address.country,
  };
}

function applicantOf(company: CompanyProfile, address: PostalAddress, hints: Hinweis[]): Partei {
  const legalForm = legalFormOf(company.name);
  const art = legalForm?.art ?? 'firma';
  if (!legalForm) {
    hints.push({
      code: 'antragsteller-rechtsform',
      rechnungsnummer: null,
      text: `Die Rechtsform des Antragstellers ist aus dem Namen „${company.name}“ nicht zu erkennen; im Online-Formular die richtige Art (Firma, Gesellschaft, natürliche Person) wählen.`,
    });
  }
  const needsRepresentative = art === 'gesellschaft';
  if (needsRepresentative && !company.managingDirectors) {
    hints.push({
      code: 'antragsteller-vertreter',
      rechnungsnummer: null,
      text: 'Der gesetzliche Vertreter des Antragstellers fehlt: mahnwerk company set --managing-directors "…" oder im Online-Formular ergänzen.',
    });
  }
  return {
    art,
    name: company.name,
    rechtsform: legalForm?.form ?? null,
    ...addressParts(address),
    gesetzlicherVertreter:
      company.managingDirectors && (needsRepresentative || legalForm?.representative)
        ? { funktion: legalForm?.representative ?? 'gesetzlicher Vertreter', name: company.managingDirectors }
        : null,
  };
}

function respondentOf(customer: CustomerRow, address: PostalAddress, hints: Hinweis[]): Partei {
  const legalForm = customer.debtorKind === 'consumer' ? null : legalFormOf(customer.name);
  const art: ParteiArt =
    customer.debtorKind === 'consumer' ? 'natuerliche-person' : (legalForm?.art ?? 'firma');
  if (art === 'natuerliche-person') {
    hints.push({
      code: 'antragsgegner-name',
      rechnungsnummer: null,
      text: `Antragsgegner ist eine natürliche Person: im Online-Formular Vor- und Nachnamen getrennt eintragen („${customer.name}“).`,
    });
  } else if (!legalForm) {
    hints.push({
      code: 'antragsgegner-rechtsform',
      rechnungsnummer: null,
      text: `Die Rechtsform des Antragsgegners ist aus dem Namen „${customer.name}“ nicht zu erkennen; als Firma eingetragen — bei einer Gesellschaft Rechtsform und gesetzlichen Vertreter ergänzen.`,
    });
  } else if (art === 'gesellschaft') {
    hints.push({
      code: 'antragsgegner-vertreter',
      rechnungsnummer: null,
      text: `Den gesetzlichen Vertreter des Antragsgegners (${legalForm.representative ?? 'nach der Rechtsform'}) im Online-Formular ergänzen, soweit bekannt; Mahnwerk speichert ihn nicht.`,
    });
  }
  return {
    art,
    name: customer.name,
    rechtsform: legalForm?.form ?? null,
    ...addressParts(address),
    gesetzlicherVertreter: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Interest

const SURCHARGE_STATUTE: Record<Exclude<InterestRateBasis, 'contractual'>, string> = {
  'statutory-consumer': '§ 288 Abs. 1 BGB',
  'statutory-business': '§ 288 Abs. 2 BGB',
  'statutory-business-before-2014-07-29': '§ 288 Abs. 2 BGB a. F. (Art. 229 § 34 EGBGB)',
};

/** "9.00" → "9", "8.50" → "8.5": the percentage without trailing zeros (the text uses a comma). */
function trimPercent(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

export interface InterestClaimFacts {
  invoiceNumber: string;
  /** First day of default = first interest day. */
  defaultStartsOn: CalendarDate;
  asOf: CalendarDate;
  openPrincipalCents: number;
  /** The statement's interest to `asOf` (excluded), its segments, and what was paid on it. */
  interestCents: number;
  interestPaidCents: number;
  segments: readonly { days: number; principalCents: number }[];
  rateBasis: InterestRateBasis;
  /** Points over the base rate ("9.00"), null for a contractual rate. */
  surchargePercent: string | null;
  /** The fixed contractual rate ("12.00"), for a contractual rate. */
  contractualPercent: string | null;
}

/**
 * Running interest and, where needed, interest calculated up to the day, for one claim.
 *
 * The court is asked for running interest from the first day of default on the principal now open
 * ("x Prozentpunkte über dem jeweiligen Basiszinssatz ab …"): the title then covers every day to
 * payment, and the court's own check of the rate is the simplest. That is only right when the same
 * principal ran over the whole period, nothing of the interest was paid, and no open dispute paused
 * it. Otherwise running interest from the default would claim too much (interest paid, paused days)
 * or too little (a larger principal before a partial payment). Then the interest to the day before
 * the application is claimed as calculated ("ausgerechnete Zinsen", less interest paid, with its
 * period) and running interest starts on the day of the application. Never both for the same days:
 * interest for one period claimed twice is what the courts object to.
 */
export function interestClaimOf(
  facts: InterestClaimFacts,
  nr: number,
): { laufende: LaufendeZinsen; ausgerechnete: AusgerechneteZinsen | null } {
  const interestDays = facts.segments.reduce((sum, s) => sum + s.days, 0);
  const reasons: string[] = [];
  if (facts.interestPaidCents > 0) reasons.push('auf die Zinsen wurde gezahlt');
  if (facts.segments.some((s) => s.principalCents !== facts.openPrincipalCents)) {
    reasons.push('die Hauptforderung war vor einer Teilzahlung höher');
  }
  if (interestDays !== daysBetween(facts.defaultStartsOn, facts.asOf)) {
    reasons.push('ein Streit über die Forderung hat die Zinsen ausgesetzt');
  }
  const runningFrom = reasons.length === 0 ? facts.defaultStartsOn : facts.asOf;
  const aus = betrag(facts.openPrincipalCents);
  const money = euroText;
  const from = formatCalendarDate(runningFrom, 'de');
  let laufende: LaufendeZinsen;
  if (facts.surchargePercent !== null && facts.rateBasis !== 'contractual') {
    const points = trimPercent(facts.surchargePercent);
    laufende = {
      zuHauptforderung: nr,
      zinsart: 'ueber-basiszinssatz',
      prozentpunkte: points,
      prozentJaehrlich: null,
      ab: runningFrom,
      aus,
      text: `${points.replace('.', ',')} Prozentpunkte über dem jeweiligen Basiszinssatz ab ${from} aus ${money(facts.openPrincipalCents)}`,
      grundlage: SURCHARGE_STATUTE[facts.rateBasis],
    };
  } else {
    if (facts.contractualPercent === null) {
      throw new AppError(
        'conflict',
        `invoice ${facts.invoiceNumber}: the contractual interest rate is unknown`,
      );
    }
    const rate = trimPercent(facts.contractualPercent);
    laufende = {
      zuHauptforderung: nr,
      zinsart: 'fest',
      prozentpunkte: null,
      prozentJaehrlich: rate,
      ab: runningFrom,
      aus,
      text: `${rate.replace('.', ',')} % jährlich ab ${from} aus ${money(facts.openPrincipalCents)}`,
      grundlage: '§ 288 Abs. 3 BGB (vertraglicher Zinssatz)',
    };
  }
  const calculated = Math.max(0, facts.interestCents - facts.interestPaidCents);
  const ausgerechnete =
    reasons.length > 0 && calculated > 0
      ? {
          zuHauptforderung: nr,
          von: facts.defaultStartsOn,
          bis: addDays(facts.asOf, -1),
          betrag: betrag(calculated),
          grund: `Zinsen bis zum Vortag ausgerechnet, laufende Zinsen ab ${from}: ${reasons.join('; ')}.`,
        }
      : null;
  return { laufende, ausgerechnete };
}

// ---------------------------------------------------------------------------------------------
// Costs

interface Charge {
  kind: KostenArt;
  on: string;
  cents: number;
}

/**
 * The costs charged to each claim by `asOf`, by kind: each notice item's flat fee on its claim, the
 * notice's fee on its oldest claim already in default (as notice-service books them; `rows` come
 * ordered by notice, then due date), and the costs charged outside a notice.
 */
function chargesByClaim(
  noticeRows: readonly NoticeCostRow[],
  claimCostRows: readonly { invoiceId: number; kind: string; amountCents: number; incurredOn: string }[],
  asOf: CalendarDate,
): Map<number, Charge[]> {
  const charges = new Map<number, Charge[]>();
  const add = (invoiceId: number, charge: Charge) => {
    const list = charges.get(invoiceId);
    if (list) list.push(charge);
    else charges.set(invoiceId, [charge]);
  };
  for (const c of noticeCharges(noticeRows)) {
    if (c.issuedOn > asOf) continue;
    add(c.invoiceId, {
      kind: c.kind === 'flat-fee' ? 'verzugspauschale' : 'mahnkosten',
      on: c.issuedOn,
      cents: c.cents,
    });
  }
  for (const row of claimCostRows) {
    if (row.incurredOn > asOf || row.amountCents <= 0) continue;
    add(row.invoiceId, {
      kind: row.kind === 'collection-costs' ? 'inkassokosten' : 'bankruecklastkosten',
      on: row.incurredOn,
      cents: row.amountCents,
    });
  }
  return charges;
}

export interface OpenCostsOfClaim {
  /** Open on the day, by kind; collection costs already reduced by the flat fee. */
  open: Map<KostenArt, number>;
  /** Collection costs not claimed because the flat fee counts against them. */
  creditedFlatFeeCents: number;
  /** Open costs that no recorded charge explains. */
  unexplainedCents: number;
}

/**
 * What of the charged costs is still open, given the claim's open costs on the day. Payments on
 * costs are booked on "Kosten" as a whole (§ 367 BGB), not by kind: they are taken as paying the
 * oldest charges first (the last rule of § 366 Abs. 2 BGB). § 288 Abs. 5 Satz 3 BGB: the flat fee
 * counts against collection costs (Kosten der Rechtsverfolgung), so these are claimed only beyond it.
 */
export function openCostsOf(charges: readonly Charge[], openCostsCents: number): OpenCostsOfClaim {
  const sorted = [...charges].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const charged = sorted.reduce((sum, c) => sum + c.cents, 0);
  let paid = Math.max(0, charged - openCostsCents);
  const open = new Map<KostenArt, number>();
  for (const charge of sorted) {
    const paidHere = Math.min(paid, charge.cents);
    paid -= paidHere;
    if (charge.cents > paidHere)
      open.set(charge.kind, (open.get(charge.kind) ?? 0) + charge.cents - paidHere);
  }
  const flatFeeCharged = sorted.filter((c) => c.kind === 'verzugspauschale').reduce((s, c) => s + c.cents, 0);
  const collection = open.get('inkassokosten') ?? 0;
  const credited = Math.min(flatFeeCharged, collection);
  if (credited > 0) open.set('inkassokosten', collection - credited);
  const unexplained = Math.max(0, openCostsCents - charged);
  if (unexplained > 0) open.set('sonstige-kosten', unexplained);
  for (const [kind, cents] of open) if (cents === 0) open.delete(kind);
  return { open, creditedFlatFeeCents: credited, unexplainedCents: unexplained };
}

// ---------------------------------------------------------------------------------------------
// The application

interface Refusal {
  code: string;
  /** For the error (English, as every error of the CLI and API). */
  message: string;
  /** For the list of claims left out (German, as the summary). */
  grund: string;
}

interface Candidate {
  invoiceNumber: string;
  invoiceId: number;
  issuedOn: CalendarDate;
  dueDate: CalendarDate;
  thirtyDayNotice: boolean;
  statement: NoticeDocumentItem;
  evaluation: NoticeItem;
  facts: ClaimFacts;
}

/** § 199 Abs. 1 BGB: three years (§ 195) from the end of the year the claim arose (fell due). */
function limitationEndsOn(dueDate: CalendarDate): CalendarDate {
  return `${yearOf(dueDate) + 3}-12-31` as CalendarDate;
}

function limitationHint(invoiceNumber: string, dueDate: CalendarDate, asOf: CalendarDate): Hinweis | null {
  const ends = limitationEndsOn(dueDate);
  const date = formatCalendarDate(ends, 'de');
  if (asOf > ends) {
    return {
      code: 'verjaehrung',
      rechnungsnummer: invoiceNumber,
      text: `Rechnung ${invoiceNumber}: nach §§ 195, 199 BGB verjährt mit Ablauf des ${date} (Hemmung oder Neubeginn, etwa durch ein Anerkenntnis, nicht berücksichtigt); der Antragsgegner kann die Einrede erheben.`,
    };
  }
  if (daysBetween(asOf, ends) <= 60) {
    return {
      code: 'verjaehrung',
      rechnungsnummer: invoiceNumber,
      text: `Rechnung ${invoiceNumber}: die Verjährung endet mit Ablauf des ${date}; der Antrag hemmt sie, wenn der Mahnbescheid demnächst zugestellt wird (§ 204 Abs. 1 Nr. 3 BGB, § 167 ZPO).`,
    };
  }
  return null;
}

/** An open dispute on the day, in the periods the dunning run uses (resolution − 1 or expiry). */
function openDisputeOn(facts: ClaimFacts, asOf: CalendarDate) {
  return (facts.disputes ?? []).find((d) => d.from <= asOf && (d.to === null || asOf <= d.to));
}

async function loadEvaluation(
  ctx: ServiceContext,
  customer: CustomerRow,
  tenant: TenantRow,
  asOf: CalendarDate,
): Promise<{ items: Map<string, NoticeItem>; facts: Map<string, ClaimFacts>; blocked: boolean }> {
  const policies = await loadPolicies(ctx);
  const byPolicy = await loadCustomerFacts(ctx, [customer.id], policies);
  const [entry] = [...byPolicy.entries()];
  if (!entry) return { items: new Map(), facts: new Map(), blocked: false };
  const [loaded, [customerFacts]] = entry;
  if (!customerFacts) return { items: new Map(), facts: new Map(), blocked: false };
  const dayCount = tenant.settings.dayCount as DayCountConvention | undefined;
  // The start of default and the rate basis as the dunning run decides them, for the claims open now.
  const items = statementOfClaims(loaded.policy, customerFacts, {
    today: asOf,
    state: tenant.state,
    ...(dayCount ? { dayCount } : {}),
  });
  const block = customerFacts.block;
  return {
    items: new Map(items.map((i) => [i.claimId, i])),
    facts: new Map(customerFacts.claims.map((c) => [c.claimId, c])),
    blocked: !!block && (block.until === null || asOf <= block.until),
  };
}

type InvoiceWithClaim = Awaited<ReturnType<typeof invoicesOfCustomer>>[number];

/** What deciding a claim needs: the invoices, the statement on the day, holds, and the evaluation. */
interface LoadedClaims {
  asOf: CalendarDate;
  byNumber: Map<string, InvoiceWithClaim>;
  statementByNumber: Map<string, NoticeDocumentItem>;
  plans: Awaited<ReturnType<typeof planHoldsOf>>;
  cases: Map<number, number>;
  evaluation: Awaited<ReturnType<typeof loadEvaluation>>;
}

/** Whether a claim may go to court on the day, or why not (the first reason that applies). */
function decideClaim(number: string, loaded: LoadedClaims): Refusal | Candidate {
  const { asOf, byNumber, statementByNumber, plans, cases, evaluation } = loaded;
  const { invoice, claim } = byNumber.get(number) as InvoiceWithClaim;
  const refuse = (code: string, message: string, grund: string): Refusal => ({
    code,
    message: `invoice ${number} ${message}`,
    grund,
  });
  if (invoice.status === 'cancelled') return refuse('cancelled', 'is cancelled', 'storniert');
  if (invoice.status === 'written-off') return refuse('written-off', 'is written off', 'ausgebucht');
  if (invoice.issuedOn > asOf) {
    return refuse(
      'not-issued',
      `was issued after ${asOf}`,
      `erst nach dem ${formatCalendarDate(asOf, 'de')} ausgestellt`,
    );
  }
  if (invoice.currency !== 'EUR') {
    return refuse(
      'currency',
      `is in ${invoice.currency}: a Mahnbescheid is for sums in euros (§ 688 Abs. 1 ZPO)`,
      `in ${invoice.currency}, nicht in Euro (§ 688 Abs. 1 ZPO)`,
    );
  }
  const onDay = statementByNumber.get(number);
  if (invoice.status === 'paid' || claim.openPrincipalCents <= 0 || !onDay || onDay.openPrincipalCents <= 0) {
    const rest = onDay && onDay.totalCents > 0 && onDay.openPrincipalCents <= 0;
    return refuse(
      'paid',
      rest ? 'is paid: only costs or interest are open, which cannot be the main claim here' : 'is paid',
      rest ? 'Hauptforderung bezahlt, nur Kosten oder Zinsen offen' : 'bezahlt',
    );
  }
  const caseId = cases.get(invoice.id);
  if (caseId !== undefined) {
    return refuse(
      'handed-over',
      `is handed over to collection (case ${caseId}): the agency or lawyer pursues it; close or return the case first`,
      `an das Inkasso abgegeben (Fall ${caseId})`,
    );
  }
  if (plans.get(invoice.id)?.status === 'active') {
    return refuse(
      'instalment-plan',
      'is in an active instalment plan: it is not due as a whole while the plan runs',
      'in einer laufenden Ratenzahlungsvereinbarung',
    );
  }
  const facts = evaluation.facts.get(String(invoice.id));
  const item = evaluation.items.get(String(invoice.id));
  const dispute = facts ? openDisputeOn(facts, asOf) : undefined;
  if (dispute) {
    return refuse(
      'disputed',
      `is disputed since ${dispute.from} (the dispute is open): resolve it first`,
      `bestritten seit ${formatCalendarDate(dispute.from, 'de')} (Streit offen)`,
    );
  }
  if (!facts || !item || !item.alreadyInDefault || item.defaultStartsOn === null) {
    const starts = item?.defaultStartsOn ?? null;
    return refuse(
      'not-in-default',
      `is not in default on ${asOf} (due ${invoice.dueDate}; ${starts ? `default starts on ${starts}` : 'no reminder has put the debtor into default yet'})`,
      `am ${formatCalendarDate(asOf, 'de')} nicht im Verzug (fällig ${formatCalendarDate(invoice.dueDate as CalendarDate, 'de')}${starts ? `, Verzug ab ${formatCalendarDate(starts, 'de')}` : ', noch keine verzugsbegründende Mahnung'})`,
    );
  }
  return {
    invoiceNumber: number,
    invoiceId: invoice.id,
    issuedOn: invoice.issuedOn as CalendarDate,
    dueDate: invoice.dueDate as CalendarDate,
    thirtyDayNotice: invoice.thirtyDayNotice,
    statement: onDay,
    evaluation: item,
    facts,
  };
}

/** What to check before filing a claim: a consumer's default by reminder, a promise, limitation. */
function claimHints(c: Candidate, customer: CustomerRow, asOf: CalendarDate): Hinweis[] {
  const hints: Hinweis[] = [];
  if (customer.debtorKind === 'consumer' && c.evaluation.defaultReason === 'reminder' && !c.thirtyDayNotice) {
    hints.push({
      code: 'verbraucher-verzug',
      rechnungsnummer: c.invoiceNumber,
      text: `Rechnung ${c.invoiceNumber}: der Verzug des Verbrauchers beruht allein auf der Mahnung (§ 286 Abs. 1 BGB); die Rechnung enthielt keinen Hinweis auf den Verzug nach 30 Tagen (§ 286 Abs. 3 BGB). Den Zugang der Mahnung muss der Antragsteller im Streitfall beweisen.`,
    });
  }
  if (c.facts.promisedUntil && c.facts.promisedUntil >= asOf) {
    hints.push({
      code: 'zahlungszusage',
      rechnungsnummer: c.invoiceNumber,
      text: `Rechnung ${c.invoiceNumber}: eine Zahlungszusage bis ${formatCalendarDate(c.facts.promisedUntil, 'de')} ist noch offen.`,
    });
  }
  const limitation = limitationHint(c.invoiceNumber, c.dueDate, asOf);
  if (limitation) hints.push(limitation);
  return hints;
}

/** The court and both addresses, or an error naming what is missing and how to add it. */
function partiesOrFail(tenant: TenantRow, customer: CustomerRow) {
  const found = courtOf(tenant, tenant.address);
  if ('issue' in found || !tenant.address) {
    const issue = 'issue' in found ? found.issue : { path: 'company.address', message: 'the postal address' };
    throw new AppError('validation', `court dunning cannot be prepared: ${issue.path}: ${issue.message}`, {
      issues: [issue],
    });
  }
  if (!customer.address) {
    throw new AppError(
      'validation',
      `customer ${customer.number} has no postal address: the respondent's address is required; add it to the customer record`,
      { issues: [{ path: 'customer.address', message: 'the respondent’s postal address is required' }] },
    );
  }
  if (customer.address.country !== 'DE') {
    throw new AppError(
      'validation',
      `customer ${customer.number} lives abroad (${customer.address.country}): a Mahnbescheid against a respondent without a general venue in Germany goes to the court of § 703d ZPO (or a European order for payment, Regulation (EC) 1896/2006), which Mahnwerk does not prepare`,
      { issues: [{ path: 'customer.address.country', message: 'the respondent must live in Germany' }] },
    );
  }
  return { court: found.court, applicantAddress: tenant.address, respondentAddress: customer.address };
}

/** The data of a Mahnbescheid application for a customer's claims (see the module comment). */
export async function prepareCourtDunning(
  ctx: ServiceContext,
  customerNumber: string,
  raw: CourtDunningInput,
): Promise<CourtDunningApplication> {
  return courtDunningOf(ctx, await findCustomerOrFail(ctx.db, ctx.tenantId, customerNumber), raw);
}

/** As `prepareCourtDunning`, for a customer already loaded (the API has the row). */
export async function courtDunningOf(
  ctx: ServiceContext,
  customer: CustomerRow,
  raw: CourtDunningInput,
): Promise<CourtDunningApplication> {
  const input = parseInput(courtDunningInputSchema, raw, 'court dunning');
  const { asOf } = input;
  const [tenant, company] = await Promise.all([tenantOrFail(ctx), getCompanyProfile(ctx)]);

  // The parties and the court first: without them no claim matters.
  const { court, applicantAddress, respondentAddress } = partiesOrFail(tenant, customer);

  const [invoiceRows, statement, evaluation] = await Promise.all([
    invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id),
    statementOf(ctx, customer, asOf),
    loadEvaluation(ctx, customer, tenant, asOf),
  ]);
  const byNumber = new Map(invoiceRows.map((r) => [r.invoice.number, r]));
  const statementByNumber = new Map(statement.items.map((i) => [i.invoiceNumber, i]));

  const wanted = input.invoiceNumbers ?? statement.items.map((i) => i.invoiceNumber);
  const unknown = wanted.flatMap((number, i) =>
    byNumber.has(number)
      ? []
      : [
          {
            path: `invoiceNumbers.${i}`,
            message: `${number} is not an invoice of customer ${customer.number}`,
          },
        ],
  );
  if (unknown.length > 0) {
    throw new AppError('validation', unknown.map((u) => u.message).join('; '), { issues: unknown });
  }
  const ids = wanted.map((n) => (byNumber.get(n) as (typeof invoiceRows)[number]).invoice.id);
  const [plans, cases] = await Promise.all([
    planHoldsOf(ctx.db, ctx.tenantId, ids),
    caseHoldsOf(ctx.db, ctx.tenantId, ids),
  ]);

  const loaded: LoadedClaims = { asOf, byNumber, statementByNumber, plans, cases, evaluation };
  const decided = wanted.map((number) => ({ number, decision: decideClaim(number, loaded) }));
  const refused = decided.filter((d): d is { number: string; decision: Refusal } => 'code' in d.decision);
  const candidates = decided.flatMap((d) => ('code' in d.decision ? [] : [d.decision]));
  if (input.invoiceNumbers && refused.length > 0) {
    const issues = refused.map((r) => ({
      path: `invoiceNumbers.${wanted.indexOf(r.number)}`,
      message: r.decision.message,
    }));
    throw new AppError('conflict', `cannot go to court: ${issues.map((i) => i.message).join('; ')}`, {
      issues,
    });
  }
  if (candidates.length === 0) {
    const why = refused.map((r) => r.decision.message);
    throw new AppError(
      'conflict',
      `customer ${customer.number} has no claim that can go to court on ${asOf}${why.length > 0 ? `: ${why.join('; ')}` : ': nothing is open'}`,
      // No invoices were named: the issues name the claims themselves.
      { issues: refused.map((r) => ({ path: `claims.${r.number}`, message: r.decision.message })) },
    );
  }

  const hints: Hinweis[] = [];
  const applicant = applicantOf(company, applicantAddress, hints);
  const respondent = respondentOf(customer, respondentAddress, hints);

  // Costs by kind, as of the day.
  const candidateIds = candidates.map((c) => c.invoiceId);
  const [noticeRows, claimCostRows] = await Promise.all([
    // Every notice cost of the customer: "after" the first day the calendar knows.
    noticeCostsAfter(ctx.db, ctx.tenantId, customer.id, '1000-01-01'),
    ctx.db
      .select({
        invoiceId: claimCosts.invoiceId,
        kind: claimCosts.kind,
        amountCents: claimCosts.amountCents,
        incurredOn: claimCosts.incurredOn,
      })
      .from(claimCosts)
      .where(
        and(
          eq(claimCosts.tenantId, ctx.tenantId),
          isAnyOf(claimCosts.invoiceId, candidateIds),
          lte(claimCosts.incurredOn, asOf),
        ),
      ),
  ]);
  const charges = chargesByClaim(noticeRows, claimCostRows, asOf);

  const claimKind = CLAIM_CATALOGUE[input.claimKind];
  if (claimKind.katalognummer === null) {
    hints.push({
      code: 'sonstiger-anspruch',
      rechnungsnummer: null,
      text: 'Die Forderungen sind als sonstiger Anspruch mit der Rechnung bezeichnet. Passt ein Katalog-Anspruch (Kaufvertrag Nr. 11, Dienstleistungsvertrag Nr. 5), den wählen (Anspruchsart goods oder services, CLI --claim-kind): sonst kann das Mahngericht den Antrag beanstanden.',
    });
  }
  if (evaluation.blocked) {
    hints.push({
      code: 'mahnsperre',
      rechnungsnummer: null,
      text: `Für den Kunden gilt eine Mahnsperre${customer.blockReason ? ` („${customer.blockReason}“)` : ''}: vor dem Antrag prüfen, ob sie noch gilt.`,
    });
  }

  const hauptforderungen: Hauptforderung[] = [];
  const laufende: LaufendeZinsen[] = [];
  const ausgerechnete: AusgerechneteZinsen[] = [];
  const aufschluesselung: Nebenforderungen['aufschluesselung'] = [];
  const costTotals = new Map<KostenArt, number>();
  for (const [index, c] of candidates.entries()) {
    const nr = index + 1;
    const start = c.evaluation.defaultStartsOn as CalendarDate;
    hauptforderungen.push({
      nr,
      katalognummer: claimKind.katalognummer,
      anspruch: claimKind.anspruch,
      bezeichnung: `Rechnung Nr. ${c.invoiceNumber} vom ${formatCalendarDate(c.issuedOn, 'de')}`,
      belegart: 'Rechnung',
      rechnungsnummer: c.invoiceNumber,
      rechnungsdatum: c.issuedOn,
      faelligAm: c.dueDate,
      verzugsbeginn: start,
      betrag: betrag(c.statement.openPrincipalCents),
    });
    // In default on the day, so the evaluation computed the interest (statementOfClaims charges it).
    const interest = c.evaluation.interest;
    if (!interest) throw new AppError('conflict', `invoice ${c.invoiceNumber}: no interest basis computed`);
    const claimInterest = interestClaimOf(
      {
        invoiceNumber: c.invoiceNumber,
        defaultStartsOn: start,
        asOf,
        openPrincipalCents: c.statement.openPrincipalCents,
        interestCents: c.statement.interestCents,
        interestPaidCents: c.statement.interestPaidCents,
        segments: c.statement.interestSegments,
        rateBasis: interest.rateBasis,
        surchargePercent: interest.surcharge ? formatPercent(interest.surcharge) : null,
        contractualPercent: interest.segments[0] ? formatPercent(interest.segments[0].rate) : null,
      },
      nr,
    );
    laufende.push(claimInterest.laufende);
    if (claimInterest.ausgerechnete) ausgerechnete.push(claimInterest.ausgerechnete);

    const costs = openCostsOf(charges.get(c.invoiceId) ?? [], c.statement.openCostsCents);
    for (const [kind, cents] of costs.open) {
      aufschluesselung.push({ rechnungsnummer: c.invoiceNumber, art: kind, betrag: betrag(cents) });
      costTotals.set(kind, (costTotals.get(kind) ?? 0) + cents);
    }
    if (costs.creditedFlatFeeCents > 0) {
      hints.push({
        code: 'pauschale-angerechnet',
        rechnungsnummer: c.invoiceNumber,
        text: `Rechnung ${c.invoiceNumber}: ${euroText(costs.creditedFlatFeeCents)} der Inkassokosten nicht verlangt — die Verzugspauschale wird auf sie angerechnet (§ 288 Abs. 5 Satz 3 BGB).`,
      });
    }
    if (costs.unexplainedCents > 0) {
      hints.push({
        code: 'kosten-ungeklaert',
        rechnungsnummer: c.invoiceNumber,
        text: `Rechnung ${c.invoiceNumber}: ${euroText(costs.unexplainedCents)} offene Kosten ohne erfasste Einzelbuchung; als sonstige Nebenforderung aufgeführt — Art und Beleg prüfen.`,
      });
    }
    hints.push(...claimHints(c, customer, asOf));
  }

  const total = (kind: KostenArt) => costTotals.get(kind) ?? 0;
  const sonstige = [
    ...(total('verzugspauschale') > 0
      ? [{ bezeichnung: 'Verzugspauschale § 288 Abs. 5 BGB', betrag: betrag(total('verzugspauschale')) }]
      : []),
    ...(total('sonstige-kosten') > 0
      ? [{ bezeichnung: 'Sonstige Kosten', betrag: betrag(total('sonstige-kosten')) }]
      : []),
  ];
  const nebenforderungenCents = [...costTotals.values()].reduce((s, v) => s + v, 0);
  const principalCents = candidates.reduce((s, c) => s + c.statement.openPrincipalCents, 0);
  const calculatedCents = ausgerechnete.reduce((s, z) => s + z.betrag.cent, 0);
  const expensesCents = input.expenses ?? 0;

  const trial = trialCourtFor(principalCents, asOf);
  const limitText = euroText(trial.limitCents);
  return {
    format: 'mahnwerk/mahnantrag@1',
    stand: asOf,
    kunde: { nummer: customer.number, id: customer.id, verbraucher: customer.debtorKind === 'consumer' },
    mahngericht: { name: court.name, grund: court.reason, vorschrift: court.statute },
    antragsteller: applicant,
    antragsgegner: respondent,
    hauptforderungen,
    zinsen: { laufende, ausgerechnete },
    auslagen: betrag(expensesCents),
    nebenforderungen: {
      mahnkosten: betrag(total('mahnkosten')),
      bankruecklastkosten: betrag(total('bankruecklastkosten')),
      inkassokosten: betrag(total('inkassokosten')),
      sonstige,
      aufschluesselung,
    },
    prozessgericht: {
      art: trial.kind,
      plz: respondent.plz,
      ort: respondent.ort,
      land: respondent.land,
      streitwert: betrag(principalCents),
      wertgrenzeAmtsgericht: betrag(trial.limitCents),
      regel: `${trial.kind} am allgemeinen Gerichtsstand des Antragsgegners (§§ 12, 13, 17 ZPO): Streitwert der Hauptforderungen ${trial.kind === 'Amtsgericht' ? 'bis' : 'über'} ${limitText} (${trial.statute}, Wertgrenze am ${formatCalendarDate(asOf, 'de')}; Zinsen und Kosten zählen nicht, § 4 Abs. 1 ZPO)`,
    },
    summe: {
      hauptforderungen: betrag(principalCents),
      ausgerechneteZinsen: betrag(calculatedCents),
      nebenforderungen: betrag(nebenforderungenCents),
      auslagen: betrag(expensesCents),
      gesamt: betrag(principalCents + calculatedCents + nebenforderungenCents + expensesCents),
    },
    gerichtskosten: GERICHTSKOSTEN_HINWEIS,
    hinweise: hints,
    nichtAufgenommen: refused.map((r) => ({ rechnungsnummer: r.number, grund: r.decision.grund })),
  };
}

/** The printable summary of the application (a preview: nothing is recorded). */
export async function courtDunningPdf(
  ctx: ServiceContext,
  customer: CustomerRow,
  raw: CourtDunningInput,
): Promise<Uint8Array> {
  const application = await courtDunningOf(ctx, customer, raw);
  return renderCourtDunningPdf({ company: await getCompanyProfile(ctx), application });
}

export type CourtDunningExportFormat = 'json' | 'pdf';

/**
 * Prepares the application for export and records `court-dunning.prepared` on the customer's
 * timeline (which claims, as of which day, which courts, what amounts, in which formats).
 */
export async function exportCourtDunning(
  ctx: ServiceContext,
  customer: CustomerRow,
  raw: CourtDunningInput,
  formats: readonly CourtDunningExportFormat[],
): Promise<{ application: CourtDunningApplication; pdf: Uint8Array | null }> {
  if (formats.length === 0) throw new AppError('validation', 'formats: name json, pdf or both');
  const application = await courtDunningOf(ctx, customer, raw);
  const pdf = formats.includes('pdf')
    ? await renderCourtDunningPdf({ company: await getCompanyProfile(ctx), application })
    : null;
  await ctx.db.transaction(async (tx) => {
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'court-dunning.prepared',
          entityType: 'customer',
          entityId: customer.id,
          customerId: customer.id,
          payload: {
            asOf: application.stand,
            invoiceNumbers: application.hauptforderungen.map((h) => h.rechnungsnummer),
            catalogue: {
              katalognummer: application.hauptforderungen[0]?.katalognummer ?? null,
              anspruch: application.hauptforderungen[0]?.anspruch ?? null,
            },
            dunningCourt: application.mahngericht.name,
            trialCourt: `${application.prozessgericht.art} ${application.prozessgericht.plz} ${application.prozessgericht.ort}`,
            principalCents: application.summe.hauptforderungen.cent,
            calculatedInterestCents: application.summe.ausgerechneteZinsen.cent,
            ancillaryCents: application.summe.nebenforderungen.cent,
            expensesCents: application.summe.auslagen.cent,
            totalCents: application.summe.gesamt.cent,
            formats: [...new Set(formats)],
          },
        },
      ],
      ctx.now(),
    );
  });
  return { application, pdf };
}
