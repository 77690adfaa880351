/**
 * @module explain-default-interest
 * The line-by-line explanation of a default interest computation, in German or English, as it
 * appears in a claim statement (Forderungsaufstellung) and in `mahnwerk interest`.
 */
import { formatCalendarDate } from './calendar-date.ts';
import type { DefaultInterest, InterestRateBasis } from './default-interest.ts';
import { formatMoney, type Language } from './format-money.ts';
import { formatPercent, type Percent } from './percent.ts';

const BASIS_TEXT: Record<Language, Record<InterestRateBasis, string>> = {
  de: {
    'statutory-consumer': 'Verzugszinsen nach §288 Abs. 1 BGB: Basiszinssatz + 5 Prozentpunkte',
    'statutory-business': 'Verzugszinsen nach §288 Abs. 2 BGB: Basiszinssatz + 9 Prozentpunkte',
    'statutory-business-before-2014-07-29':
      'Verzugszinsen nach §288 Abs. 2 BGB a. F. (Schuldverhältnis vor dem 29.07.2014): Basiszinssatz + 8 Prozentpunkte',
    contractual: 'Vertraglich vereinbarter Zinssatz (§288 Abs. 3 BGB)',
  },
  en: {
    'statutory-consumer': 'Default interest under §288(1) BGB: base rate + 5 percentage points',
    'statutory-business': 'Default interest under §288(2) BGB: base rate + 9 percentage points',
    'statutory-business-before-2014-07-29':
      'Default interest under §288(2) BGB, old version (obligation before 29 July 2014): base rate + 8 percentage points',
    contractual: 'Contractual interest rate (§288(3) BGB)',
  },
};

function percentText(p: Percent, language: Language): string {
  const text = formatPercent(p);
  return `${language === 'de' ? text.replace('.', ',') : text} %`;
}

export function explainDefaultInterest(result: DefaultInterest, language: Language): string[] {
  const de = language === 'de';
  const lines = [BASIS_TEXT[language][result.rateBasis]];
  lines.push(
    de
      ? `Zinstage nach der Methode ${result.dayCount}, kaufmännisch gerundet je Abschnitt, keine Zinseszinsen (§289 BGB).`
      : `Days counted ${result.dayCount}, rounded half-up per segment, no interest on interest (§289 BGB).`,
  );
  for (const s of result.segments) {
    const period = `${formatCalendarDate(s.from, language)} – ${formatCalendarDate(s.to, language)}`;
    const rate =
      s.baseRate === null
        ? percentText(s.rate, language)
        : `${percentText(s.rate, language)} (${de ? 'Basiszinssatz' : 'base rate'} ${percentText(s.baseRate, language)})`;
    lines.push(
      `${period}: ${formatMoney(s.principal, language)} × ${rate} × ${s.yearFraction} ${de ? 'Tage' : 'days'} = ${formatMoney(s.interest, language)}`,
    );
  }
  lines.push(`${de ? 'Zinsen gesamt' : 'Total interest'}: ${formatMoney(result.interest, language)}`);
  if (result.flatFee.isPositive()) {
    lines.push(
      de
        ? `Verzugspauschale nach §288 Abs. 5 BGB: ${formatMoney(result.flatFee, language)}`
        : `Flat-rate late payment fee under §288(5) BGB: ${formatMoney(result.flatFee, language)}`,
    );
  }
  return lines;
}
