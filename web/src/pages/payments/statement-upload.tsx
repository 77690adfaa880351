import { type DragEvent, useState } from 'react';
import type { StatementResult } from '../../api/types.ts';
import { uploadFile } from '../../api/upload.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Section } from '../../ui/section.tsx';
import { Spinner } from '../../ui/spinner.tsx';
import { headerSafeFileName } from './invoice-numbers.ts';
import { StatementResultView } from './statement-result-view.tsx';

/** Bank statement import: choose or drop a file; it goes up as raw bytes with upload progress. */
export function StatementUpload() {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState(0);
  const [fileName, setFileName] = useState('');
  const upload = useApiMutation((file: File) => {
    setFileName(file.name);
    setProgress(0);
    return uploadFile<StatementResult>('/api/statements', file, {
      headers: { 'x-filename': headerSafeFileName(file.name) },
      onProgress: setProgress,
    });
  });
  if (!canWrite) return null;
  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file && !upload.isPending) upload.mutate(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files);
  };
  return (
    <Section title={t('payments.upload')} testId="statement-upload">
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="statement-drop-zone"
      >
        <span>{t('payments.uploadHint')}</span>{' '}
        <label className="button button-primary file-button">
          {t('payments.chooseFile')}
          <input
            type="file"
            className="visually-hidden"
            accept=".xml,.sta,.mt940,.txt,.csv,.zip,.940,.053,.054"
            aria-label={t('payments.fileInput')}
            disabled={upload.isPending}
            onChange={(e) => {
              take(e.target.files);
              e.target.value = '';
            }}
            data-testid="statement-file-input"
          />
        </label>
      </div>
      {upload.isPending &&
        (progress < 1 ? (
          <div className="upload-progress">
            <Spinner
              label={t('payments.uploading', { file: fileName, percent: f.percent(progress * 100) })}
            />
            <progress max={1} value={progress} />
          </div>
        ) : (
          <Spinner label={t('payments.processing', { file: fileName })} />
        ))}
      {upload.error ? <ErrorNotice error={upload.error} /> : null}
      {upload.data && <StatementResultView fileName={fileName} result={upload.data} />}
    </Section>
  );
}
