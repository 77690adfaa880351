import type { Customer } from '../../api/types.ts';
import { formatIban } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

export function CustomerMasterData({ customer: c }: { customer: Customer }) {
  const { t } = useI18n();
  const rows: [string, string | null | undefined][] = [
    [t('customer.email'), c.email],
    [t('customer.phone'), c.phone],
    [
      t('customer.address'),
      c.address && `${c.address.street}, ${c.address.postalCode} ${c.address.city}, ${c.address.country}`,
    ],
    [t('customer.vatId'), c.vatId],
    [t('customer.language'), t(`language.${c.language}`)],
    [t('customers.group'), c.groupKey],
    [t('customer.policy'), c.dunningPolicyKey ?? t('customer.policyDefault')],
    [t('customer.ibans'), c.ibans && c.ibans.length > 0 ? c.ibans.map(formatIban).join(', ') : null],
    [t('customer.notes'), c.notes],
  ];
  return (
    <Section title={t('customer.masterData')} testId="customer-master-data">
      <dl className="details details-stacked">
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </Section>
  );
}
