import type { RunCounts } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** What a run proposes: totals, notices by stage, and why claims were held back. */
export function RunCountsView({
  title,
  counts,
  note,
  testId,
}: {
  title: string;
  counts: RunCounts;
  note?: string | undefined;
  testId: string;
}) {
  const { t, f, tOr } = useI18n();
  const stages = Object.entries(counts.byStage).map(([stage, value]) =>
    typeof value === 'number'
      ? { stage, notices: value, claims: null, amountCents: null }
      : { stage, ...value },
  );
  const heldBack = Object.entries(counts.heldBack).sort((a, b) => b[1] - a[1]);
  return (
    <div className="run-counts" data-testid={testId} role="status">
      <h3>{title}</h3>
      {note && <p className="notice notice-success">{note}</p>}
      <dl className="stat-row">
        <div>
          <dt>{t('dunning.notices')}</dt>
          <dd data-testid="run-notices">{f.number(counts.notices)}</dd>
        </div>
        <div>
          <dt>{t('dunning.claims')}</dt>
          <dd>{f.number(counts.claims)}</dd>
        </div>
        <div>
          <dt>{t('dunning.amount')}</dt>
          <dd>{f.money(counts.amountCents)}</dd>
        </div>
      </dl>
      <div className="grid grid-2">
        <div>
          <h4>{t('dunning.byStage')}</h4>
          {stages.length === 0 ? (
            <p className="muted">{t('dunning.nothing')}</p>
          ) : (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">{t('dunning.stage')}</th>
                  <th scope="col" className="num">
                    {t('dunning.notices')}
                  </th>
                  <th scope="col" className="num">
                    {t('dunning.claims')}
                  </th>
                  <th scope="col" className="num">
                    {t('common.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {stages.map((s) => (
                  <tr key={s.stage}>
                    <th scope="row">{tOr(`stage.${s.stage}`, s.stage)}</th>
                    <td className="num">{f.number(s.notices)}</td>
                    <td className="num">{s.claims === null ? '–' : f.number(s.claims)}</td>
                    <td className="num">{s.amountCents === null ? '–' : f.money(s.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h4>{t('dunning.heldBack')}</h4>
          {heldBack.length === 0 ? (
            <p className="muted">{t('dunning.nothing')}</p>
          ) : (
            <table className="table table-compact">
              <tbody>
                {heldBack.map(([reason, count]) => (
                  <tr key={reason}>
                    <th scope="row">{tOr(`heldBack.${reason}`, reason)}</th>
                    <td className="num">{f.number(count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
