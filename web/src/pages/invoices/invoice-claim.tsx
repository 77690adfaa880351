import type { InvoiceDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';
import { InterestStatement } from './interest-statement.tsx';

/** What is owed today: principal, costs, default interest (Verzugszinsen) and the flat fee. */
export function InvoiceClaim({ detail }: { detail: InvoiceDetail }) {
  const { t, f } = useI18n();
  const claim = detail.claimedToday;
  const interest = claim?.interestCents ?? detail.interestToDateCents ?? 0;
  const rows: [string, number][] = [
    [t('invoice.openPrincipal'), claim?.openPrincipalCents ?? detail.openPrincipalCents],
    [t('invoice.openCosts'), claim?.openCostsCents ?? detail.openCostsCents],
    [t('invoice.interest'), interest],
  ];
  if (claim && claim.interestPaidCents > 0) rows.push([t('invoice.interestPaid'), -claim.interestPaidCents]);
  if (claim && claim.flatFeeCents > 0) rows.push([t('invoice.flatFee'), claim.flatFeeCents]);
  const total = claim?.totalCents ?? detail.openPrincipalCents + detail.openCostsCents + interest;
  return (
    <Section title={t('invoice.claim')} className="span-2" testId="invoice-claim">
      <dl className="details details-amounts">
        {rows.map(([label, cents]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="num">{f.money(cents)}</dd>
          </div>
        ))}
        <div className="details-total">
          <dt>{t('invoice.totalClaim')}</dt>
          <dd className="num" data-testid="invoice-total-claim">
            {f.money(total)}
          </dd>
        </div>
      </dl>
      {claim && claim.interestSegments.length > 0 && <InterestStatement segments={claim.interestSegments} />}
    </Section>
  );
}
