import type { StatementImport } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { Section } from '../../ui/section.tsx';

export function ImportList() {
  const { t, f } = useI18n();
  const list = useCursorList<StatementImport>('/api/statements', { limit: 20 });
  return (
    <Section title={t('payments.imports')} testId="statement-imports">
      <PagedTable
        list={list}
        empty={t('payments.noImports')}
        head={
          <>
            <th scope="col">{t('payments.fileName')}</th>
            <th scope="col" className="hide-narrow">
              {t('payments.format')}
            </th>
            <th scope="col">{t('payments.importedAt')}</th>
            <th scope="col" className="num">
              {t('payments.entries')}
            </th>
            <th scope="col" className="num">
              {t('payments.booked')}
            </th>
            <th scope="col" className="num">
              {t('payments.review')}
            </th>
          </>
        }
        rows={(i) => (
          <tr key={i.id}>
            <td className="break">{i.fileName}</td>
            <td className="hide-narrow">{i.format}</td>
            <td>{f.dateTime(i.importedAt)}</td>
            <td className="num">{f.number(i.entries)}</td>
            <td className="num">{f.number(i.booked)}</td>
            <td className="num">{f.number(i.review)}</td>
          </tr>
        )}
      />
    </Section>
  );
}
