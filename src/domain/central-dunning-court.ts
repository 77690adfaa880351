/**
 * @module central-dunning-court
 * Which courts a Mahnbescheid application names (gerichtliches Mahnverfahren, §§ 688 ff. ZPO):
 *
 * - The dunning court (Mahngericht): exclusively the Amtsgericht of the applicant's general venue
 *   (§ 689 Abs. 2 Satz 1 ZPO), which the states have concentrated in one central court each, some
 *   shared between states (§ 689 Abs. 3 ZPO; table in LAW-DE.md). Nordrhein-Westfalen has two: the
 *   districts of the Oberlandesgerichte Hamm and Düsseldorf go to Hagen, the district of the OLG Köln
 *   to Euskirchen. An applicant without a general venue in Germany goes to the Amtsgericht Wedding
 *   (§ 689 Abs. 2 Satz 2 ZPO).
 * - The trial court (Prozessgericht, "Streitgericht") to which the case passes after an objection
 *   (§ 690 Abs. 1 Nr. 5 ZPO): the respondent's general venue (§§ 12, 13, 17 ZPO) — the Amtsgericht
 *   up to the value limit of § 23 Nr. 1 GVG, above it the Landgericht (§ 71 Abs. 1 GVG). The value is
 *   the main claims only: interest and costs claimed beside them do not count (§ 4 Abs. 1 ZPO).
 *
 * Both tables are data, so that a change of the law is a new row, not a new branch.
 *
 * Why the OLG district of a company in NRW is a setting and not derived from its postal code:
 * postal code areas cross the court districts (42799 Leichlingen belongs to the OLG Köln, most
 * of 42xxx to Düsseldorf; 53xxx reaches into Rheinland-Pfalz), so a code cannot decide it reliably.
 */
import type { CalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { isGermanState } from './public-holidays.ts';

/** The Oberlandesgericht districts of Nordrhein-Westfalen. */
export const NW_OLG_DISTRICTS = ['hamm', 'duesseldorf', 'koeln'] as const;
export type NwOlgDistrict = (typeof NW_OLG_DISTRICTS)[number];

export const NW_OLG_DISTRICT_NAMES: Record<NwOlgDistrict, string> = {
  hamm: 'Oberlandesgericht Hamm',
  duesseldorf: 'Oberlandesgericht Düsseldorf',
  koeln: 'Oberlandesgericht Köln',
};

export function isNwOlgDistrict(value: unknown): value is NwOlgDistrict {
  return typeof value === 'string' && (NW_OLG_DISTRICTS as readonly string[]).includes(value);
}

const STATE_NAMES: Record<string, string> = {
  BW: 'Baden-Württemberg',
  BY: 'Bayern',
  BE: 'Berlin',
  BB: 'Brandenburg',
  HB: 'Bremen',
  HH: 'Hamburg',
  HE: 'Hessen',
  MV: 'Mecklenburg-Vorpommern',
  NI: 'Niedersachsen',
  NW: 'Nordrhein-Westfalen',
  RP: 'Rheinland-Pfalz',
  SL: 'Saarland',
  SN: 'Sachsen',
  ST: 'Sachsen-Anhalt',
  SH: 'Schleswig-Holstein',
  TH: 'Thüringen',
};

/** The central dunning court of each state (LAW-DE.md, "Court dunning"); NRW by OLG district. */
export const CENTRAL_DUNNING_COURTS: Readonly<Record<string, string>> = {
  BW: 'Amtsgericht Stuttgart',
  BY: 'Amtsgericht Coburg',
  BE: 'Amtsgericht Wedding',
  BB: 'Amtsgericht Wedding',
  HB: 'Amtsgericht Bremen',
  HH: 'Amtsgericht Hamburg-Altona',
  MV: 'Amtsgericht Hamburg-Altona',
  HE: 'Amtsgericht Hünfeld',
  NI: 'Amtsgericht Uelzen',
  RP: 'Amtsgericht Mayen',
  SL: 'Amtsgericht Mayen',
  SN: 'Amtsgericht Aschersleben',
  ST: 'Amtsgericht Aschersleben',
  TH: 'Amtsgericht Aschersleben',
  SH: 'Amtsgericht Schleswig',
};

export const NW_CENTRAL_DUNNING_COURTS: Readonly<Record<NwOlgDistrict, string>> = {
  hamm: 'Amtsgericht Hagen',
  duesseldorf: 'Amtsgericht Hagen',
  koeln: 'Amtsgericht Euskirchen',
};

/** § 689 Abs. 2 Satz 2 ZPO. */
export const DUNNING_COURT_FOR_APPLICANTS_ABROAD = 'Amtsgericht Wedding';

export interface DunningCourtApplicant {
  /** ISO country of the applicant's seat (its general venue). */
  country: string;
  /** Federal state of the seat, when in Germany. */
  state: string;
  /** Only for a seat in Nordrhein-Westfalen: the OLG district it lies in. */
  nwOlgDistrict?: NwOlgDistrict | null;
}

export interface CentralDunningCourt {
  name: string;
  /** Why this court, in German, for the summary. */
  reason: string;
  statute: string;
}

/**
 * The central dunning court for an applicant. A seat in Nordrhein-Westfalen needs its OLG
 * district (`nwOlgDistrict`); without it this throws, naming the field.
 *
 * @example
 * centralDunningCourt({ country: 'DE', state: 'BY' }).name; // 'Amtsgericht Coburg'
 * centralDunningCourt({ country: 'DE', state: 'NW', nwOlgDistrict: 'koeln' }).name; // 'Amtsgericht Euskirchen'
 */
export function centralDunningCourt(applicant: DunningCourtApplicant): CentralDunningCourt {
  if (applicant.country !== 'DE') {
    return {
      name: DUNNING_COURT_FOR_APPLICANTS_ABROAD,
      reason: `Antragsteller ohne allgemeinen Gerichtsstand im Inland (Sitz: ${applicant.country})`,
      statute: '§ 689 Abs. 2 Satz 2 ZPO',
    };
  }
  if (!isGermanState(applicant.state)) {
    throw new DomainError(
      'unknown-state',
      `state: expected a German federal state like BY or NW, got "${applicant.state}"`,
      { path: 'state' },
    );
  }
  if (applicant.state === 'NW') {
    const district = applicant.nwOlgDistrict;
    if (!district) {
      throw new DomainError(
        'invalid-argument',
        `nwOlgDistrict: a seat in Nordrhein-Westfalen needs its Oberlandesgericht district (${NW_OLG_DISTRICTS.join(', ')}): Hamm and Düsseldorf go to the Amtsgericht Hagen, Köln to the Amtsgericht Euskirchen`,
        { path: 'nwOlgDistrict' },
      );
    }
    return {
      name: NW_CENTRAL_DUNNING_COURTS[district],
      reason: `Sitz des Antragstellers in Nordrhein-Westfalen, Bezirk des ${NW_OLG_DISTRICT_NAMES[district]}`,
      statute: '§ 689 Abs. 2 Satz 1, Abs. 3 ZPO',
    };
  }
  return {
    name: CENTRAL_DUNNING_COURTS[applicant.state] as string,
    reason: `Sitz des Antragstellers in ${STATE_NAMES[applicant.state]}`,
    statute: '§ 689 Abs. 2 Satz 1, Abs. 3 ZPO',
  };
}

/**
 * § 23 Nr. 1 GVG: the Amtsgericht hears claims whose value does not exceed the limit, the
 * Landgericht the rest (§ 71 Abs. 1 GVG). The limit rose from 5,000 € to 10,000 € for proceedings
 * brought from 1 January 2026 (transition: § 47 EGZPO). LAW-DE.md and SPEC.md are silent on it;
 * a further change is one more row.
 */
export const LOCAL_COURT_VALUE_LIMITS: readonly { validFrom: CalendarDate; limitCents: number }[] = [
  { validFrom: '2002-01-01' as CalendarDate, limitCents: 5_000_00 },
  { validFrom: '2026-01-01' as CalendarDate, limitCents: 10_000_00 },
];

export type TrialCourtKind = 'Amtsgericht' | 'Landgericht';

export interface TrialCourt {
  kind: TrialCourtKind;
  /** The limit of § 23 Nr. 1 GVG on the day of the application. */
  limitCents: number;
  statute: string;
}

/**
 * The kind of court that hears the case if the respondent objects, by the value of the main
 * claims (without interest and costs, § 4 Abs. 1 ZPO) on the day the application is made.
 */
export function trialCourtFor(
  valueCents: number,
  appliedOn: CalendarDate,
  limits: readonly { validFrom: CalendarDate; limitCents: number }[] = LOCAL_COURT_VALUE_LIMITS,
): TrialCourt {
  if (!Number.isSafeInteger(valueCents) || valueCents < 0) {
    throw new DomainError('invalid-amount', `valueCents: expected cents of at least 0, got ${valueCents}`, {
      path: 'valueCents',
    });
  }
  let limit: { validFrom: CalendarDate; limitCents: number } | undefined;
  for (const row of limits) if (row.validFrom <= appliedOn) limit = row;
  if (!limit) {
    throw new DomainError('invalid-date', `appliedOn: no value limit of § 23 GVG known for ${appliedOn}`, {
      path: 'appliedOn',
    });
  }
  const local = valueCents <= limit.limitCents;
  return {
    kind: local ? 'Amtsgericht' : 'Landgericht',
    limitCents: limit.limitCents,
    statute: local ? '§ 23 Nr. 1 GVG' : '§ 71 Abs. 1 GVG',
  };
}
