import { Fragment, useState } from 'react';
import type { Customer, Mandate, MandateStatus, RevokedMandate } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { formatIban } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { MandateForm } from './mandate-form.tsx';
import { RevokedNotice, RevokeMandateForm } from './revoke-mandate-form.tsx';

const TONES: Record<MandateStatus, string> = {
  active: 'success',
  used: 'muted',
  expired: 'warning',
  revoked: 'danger',
};

function MandateStatusBadge({ mandate }: { mandate: Mandate }) {
  const { t, f } = useI18n();
  return (
    <span className={`badge badge-${TONES[mandate.status]}`} data-testid={`mandate-status-${mandate.id}`}>
      {mandate.status === 'revoked' || (mandate.revokedOn && mandate.status === 'active')
        ? t('mandateStatus.revokedOn', { date: f.date(mandate.revokedOn) })
        : t(`mandateStatus.${mandate.status}`)}
    </span>
  );
}

/**
 * The customer's SEPA direct debit mandates, newest first, with their status today (active, a
 * one-off one used, expired after 36 months unused, revoked); for a clerk, recording a signed
 * mandate and revoking one, which names the collections already exported to recall at the bank.
 */
export function CustomerMandates({ customer }: { customer: Customer }) {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<Mandate | null>(null);
  const [revoking, setRevoking] = useState<number | null>(null);
  const [revoked, setRevoked] = useState<RevokedMandate | null>(null);
  const query = useApiQuery<{ items: Mandate[] }>(`/api/customers/${customer.id}/mandates`);
  return (
    <Section
      title={t('mandates.title')}
      testId="customer-mandates"
      actions={
        canWrite && !adding ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setAdding(true);
              setAdded(null);
            }}
            data-testid="add-mandate"
          >
            {t('mandates.add')}
          </button>
        ) : null
      }
    >
      {adding && (
        <MandateForm
          customer={customer}
          onCancel={() => setAdding(false)}
          onDone={(mandate) => {
            setAdding(false);
            setAdded(mandate);
          }}
        />
      )}
      {added && (
        <p className="notice notice-success" role="status" data-testid="mandate-added">
          {t('mandates.added', { reference: added.reference })}
        </p>
      )}
      {revoked && <RevokedNotice result={revoked} onClose={() => setRevoked(null)} />}
      <QueryView query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState>{t('mandates.none')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="mandate-list">
                <thead>
                  <tr>
                    <th scope="col">{t('mandates.reference')}</th>
                    <th scope="col">{t('mandates.signedOn')}</th>
                    <th scope="col">{t('mandates.scheme')}</th>
                    <th scope="col">{t('mandates.account')}</th>
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col">{t('mandates.firstCollectedOn')}</th>
                    {canWrite && (
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((m) => (
                    <Fragment key={m.id}>
                      <tr data-testid={`mandate-${m.reference}`}>
                        <td className="mono">{m.reference}</td>
                        <td>{f.date(m.signedOn)}</td>
                        <td>
                          {m.scheme} · {t(`mandateKind.${m.kind}`)}
                        </td>
                        <td>
                          <span className="mono">{formatIban(m.iban)}</span>
                          {m.bic && <span className="muted small"> · {m.bic}</span>}
                          {m.debtorName !== customer.name && (
                            <div className="muted small">{m.debtorName}</div>
                          )}
                        </td>
                        <td>
                          <MandateStatusBadge mandate={m} />
                        </td>
                        <td>
                          {m.firstCollectedOn ? f.date(m.firstCollectedOn) : '–'}
                          {m.lastCollectionDate && m.lastCollectionDate !== m.firstCollectedOn && (
                            <div className="muted small">
                              {t('mandates.lastCollection', { date: f.date(m.lastCollectionDate) })}
                            </div>
                          )}
                        </td>
                        {canWrite && (
                          <td className="actions">
                            {m.revokedOn === null && revoking !== m.id && (
                              <button
                                type="button"
                                className="button button-small button-quiet"
                                onClick={() => {
                                  setRevoking(m.id);
                                  setRevoked(null);
                                }}
                                data-testid={`revoke-mandate-${m.reference}`}
                              >
                                {t('mandates.revoke')}
                              </button>
                            )}
                          </td>
                        )}
                      </tr>
                      {revoking === m.id && (
                        <tr className="row-form">
                          <td colSpan={canWrite ? 7 : 6}>
                            <RevokeMandateForm
                              mandate={m}
                              onCancel={() => setRevoking(null)}
                              onDone={(result) => {
                                setRevoking(null);
                                setRevoked(result);
                              }}
                            />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </Section>
  );
}
