import type { PolicyStage } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

export function PolicyStages({ stages }: { stages: PolicyStage[] }) {
  const { t, f, tOr } = useI18n();
  const yes = (value: boolean | undefined) => (value ? t('common.yes') : t('common.no'));
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('dunning.stage')}</th>
            <th scope="col" className="num">
              {t('policies.offset')}
            </th>
            <th scope="col">{t('dunning.channel')}</th>
            <th scope="col" className="num">
              {t('policies.fee')}
            </th>
            <th scope="col" className="num">
              {t('policies.deadline')}
            </th>
            <th scope="col">{t('policies.interest')}</th>
            <th scope="col">{t('policies.flatFee')}</th>
          </tr>
        </thead>
        <tbody>
          {stages.map((stage) => (
            <tr key={stage.key}>
              <td>
                {tOr(`stage.${stage.key}`, stage.name ?? stage.key)}
                {stage.announcesEscalation && <div className="muted small">{t('policies.escalation')}</div>}
              </td>
              <td className="num">{stage.offsetDays > 0 ? `+${stage.offsetDays}` : stage.offsetDays}</td>
              <td>{tOr(`channel.${stage.channel}`, stage.channel)}</td>
              <td className="num">{f.money(stage.feeCents ?? 0)}</td>
              <td className="num">
                {stage.paymentDeadlineDays ? t('common.days', { count: stage.paymentDeadlineDays }) : '–'}
              </td>
              <td>{yes(stage.chargeInterest)}</td>
              <td>{yes(stage.claimFlatFee)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
