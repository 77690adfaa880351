import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Notice, NoticeStatus } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { NoticeRow } from './notice-row.tsx';
import { StageFilter } from './stage-filter.tsx';

const STATUSES: NoticeStatus[] = ['proposed', 'approved', 'sent', 'cancelled'];

/** Notices of a status (proposals first), filterable by stage; proposals are approved in bulk. */
export function NoticeList({ onPreview }: { onPreview: (notice: Notice) => void }) {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [status, setStatus] = useState<NoticeStatus>('proposed');
  const [stage, setStage] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const list = useCursorList<Notice>('/api/notices', { status, limit: 100 });
  const shown = stage === null ? list.items : list.items.filter((n) => n.stageKey === stage);
  const approve = useApiMutation(
    (body: { noticeIds: number[] } | { all: true }) =>
      api.post<{ approved: number }>('/api/notices/approve', body),
    () => setSelected(new Set()),
  );
  const canApprove = canWrite && status === 'proposed';
  const allShownSelected = shown.length > 0 && shown.every((n) => selected.has(n.id));
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setSelected(allShownSelected ? new Set() : new Set(shown.map((n) => n.id)));
  const changeStatus = (next: NoticeStatus) => {
    setStatus(next);
    setStage(null);
    setSelected(new Set());
  };
  return (
    <Section
      title={t('dunning.proposals')}
      testId="notice-list"
      actions={
        <Field label={t('dunning.noticeStatus')} className="field-inline">
          {(control) => (
            <select
              {...control}
              value={status}
              onChange={(e) => changeStatus(e.target.value as NoticeStatus)}
              data-testid="notice-status"
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      }
    >
      <QueryView query={list}>
        {() => (
          <>
            <StageFilter notices={list.items} stage={stage} onChange={setStage} />
            {canApprove && list.items.length > 0 && (
              <div className="button-row toolbar">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={selected.size === 0 || approve.isPending}
                  onClick={() => approve.mutate({ noticeIds: [...selected] })}
                  data-testid="approve-selected"
                >
                  {t('dunning.approveSelected', { count: f.number(selected.size) })}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={approve.isPending}
                  onClick={() => {
                    if (window.confirm(t('dunning.approveAllConfirm'))) approve.mutate({ all: true });
                  }}
                  data-testid="approve-all"
                >
                  {t('dunning.approveAll')}
                </button>
              </div>
            )}
            {approve.data && (
              <p className="notice notice-success" role="status" data-testid="approve-result">
                {t('dunning.approved', { count: f.number(approve.data.approved) })}
              </p>
            )}
            {approve.error ? <ErrorNotice error={approve.error} /> : null}
            {shown.length === 0 ? (
              <EmptyState>{t('dunning.noProposals')}</EmptyState>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="notice-table">
                  <thead>
                    <tr>
                      {canApprove && (
                        <th scope="col" className="col-check">
                          <input
                            type="checkbox"
                            checked={allShownSelected}
                            onChange={toggleAll}
                            aria-label={t('dunning.selectAll')}
                            data-testid="select-all"
                          />
                        </th>
                      )}
                      <th scope="col">{t('common.customer')}</th>
                      <th scope="col">{t('dunning.stage')}</th>
                      <th scope="col" className="hide-narrow">
                        {t('dunning.deadline')}
                      </th>
                      <th scope="col" className="num">
                        {t('dunning.claimCount')}
                      </th>
                      <th scope="col" className="num hide-narrow">
                        {t('dunning.fee')}
                      </th>
                      <th scope="col" className="num">
                        {t('dunning.total')}
                      </th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((notice) => (
                      <NoticeRow
                        key={notice.id}
                        notice={notice}
                        selectable={canApprove}
                        selected={selected.has(notice.id)}
                        onToggle={() => toggle(notice.id)}
                        onPreview={() => onPreview(notice)}
                        canCancel={canWrite && (notice.status === 'proposed' || notice.status === 'approved')}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryView>
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </Section>
  );
}
