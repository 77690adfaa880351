import { useState } from 'react';
import { fetchFile, saveFile } from '../../api/download.ts';
import type { SepaExportEvent } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { Section } from '../../ui/section.tsx';

type Fetched = { messageId: string; sameAsExported: boolean } | { messageId: string; error: unknown };

/**
 * The pain.008 files exported so far, newest first — each export is a `sepa.exported` event in the
 * company's log — with a download of each once more (rebuilt from the recorded direct debits under
 * its original message id; the server says when it no longer is byte for byte the file exported).
 */
export function SepaExportList() {
  const { t, f } = useI18n();
  const list = useCursorList<SepaExportEvent>('/api/events', { type: 'sepa.exported', limit: 20 });
  const [busy, setBusy] = useState<string | null>(null);
  const [fetched, setFetched] = useState<Fetched | null>(null);
  const download = (messageId: string) => {
    setBusy(messageId);
    setFetched(null);
    fetchFile('GET', `/api/sepa/exports/${encodeURIComponent(messageId)}`, {
      fallbackName: `${messageId}.xml`,
    })
      .then((file) => {
        saveFile(file.blob, file.fileName);
        setFetched({ messageId, sameAsExported: file.headers.get('x-sepa-same-as-exported') !== 'false' });
      })
      .catch((error: unknown) => setFetched({ messageId, error }))
      .finally(() => setBusy(null));
  };
  return (
    <Section title={t('sepa.exportsTitle')} testId="sepa-exports">
      {fetched && 'error' in fetched && <ErrorNotice error={fetched.error} />}
      {fetched && 'sameAsExported' in fetched && !fetched.sameAsExported && (
        <p className="notice notice-warning" role="status" data-testid="sepa-file-changed">
          {t('sepa.fileChanged', { messageId: fetched.messageId })}
        </p>
      )}
      <PagedTable
        list={list}
        empty={t('sepa.noExports')}
        head={
          <>
            <th scope="col">{t('sepa.messageId')}</th>
            <th scope="col">{t('sepa.collectionDate')}</th>
            <th scope="col">{t('sepa.scheme')}</th>
            <th scope="col" className="num">
              {t('sepa.count')}
            </th>
            <th scope="col" className="num">
              {t('sepa.sum')}
            </th>
            <th scope="col" className="hide-narrow">
              {t('sepa.exportedAt')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </>
        }
        rows={(e) => (
          <tr key={e.id} data-testid={`sepa-export-${e.entityId}`}>
            <td className="mono">{e.entityId}</td>
            <td>{f.date(e.payload.collectionDate)}</td>
            <td>{e.payload.scheme ?? '–'}</td>
            <td className="num">{e.payload.count === undefined ? '–' : f.number(e.payload.count)}</td>
            <td className="num">{e.payload.sumCents === undefined ? '–' : f.money(e.payload.sumCents)}</td>
            <td className="hide-narrow">
              {f.dateTime(e.at)}
              <div className="muted small">{e.actor}</div>
            </td>
            <td className="actions">
              <button
                type="button"
                className="button button-small"
                disabled={busy !== null}
                onClick={() => download(e.entityId)}
                data-testid={`sepa-download-${e.entityId}`}
              >
                {busy === e.entityId ? t('sepa.downloading') : t('sepa.download')}
              </button>
            </td>
          </tr>
        )}
      />
    </Section>
  );
}
