/**
 * @module audit-log-page
 * Who did what (admins): the company's event log with actor, time, type and entity, filtered by
 * actor, type and period, and the result of the last nightly check of the event chain — an alert
 * when a recorded event was changed, deleted or inserted in the database.
 */
import { useState } from 'react';
import type { Language } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';

interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  type: string;
  entityType: string;
  entityId: string;
  customerId: number | null;
  payload: Record<string, unknown>;
}

interface Verification {
  verification: {
    at: string;
    ok: boolean;
    checked: number;
    firstBroken: { seq: number; problem: string } | null;
  } | null;
}

/** The page's own wording (until its keys join messages-de/en.ts). */
const TEXTS = {
  de: {
    title: 'Protokoll: wer hat was getan',
    intro:
      'Jede Änderung steht mit Zeitpunkt und Urheber im fälschungssicheren Ereignisprotokoll. Nachts wird die Hash-Kette geprüft.',
    actor: 'Wer (z. B. user:anna@firma.de)',
    type: 'Art (z. B. payment.recorded)',
    from: 'Von',
    to: 'Bis (ausschließlich)',
    at: 'Zeitpunkt',
    entity: 'Objekt',
    customer: 'Kunde',
    none: 'Keine Ereignisse für diese Auswahl.',
    notVerified: 'Die Ereigniskette wurde noch nicht geprüft (die Prüfung läuft nachts).',
    intact: (at: string, n: number) => `Ereigniskette zuletzt geprüft ${at}: intakt, ${n} Ereignisse.`,
    broken: (at: string, seq: number, problem: string) =>
      `Achtung: Die Ereigniskette ist beschädigt (geprüft ${at}). Erstes betroffenes Ereignis: ${seq} – ${problem}. ` +
      'Jemand hat Daten direkt in der Datenbank geändert; bitte Administrator und Datensicherung prüfen.',
  },
  en: {
    title: 'Audit log: who did what',
    intro:
      'Every change is recorded with its time and author in the tamper-evident event log. The hash chain is verified nightly.',
    actor: 'Who (e.g. user:anna@company.com)',
    type: 'Type (e.g. payment.recorded)',
    from: 'From',
    to: 'To (exclusive)',
    at: 'Time',
    entity: 'Entity',
    customer: 'Customer',
    none: 'No events for this selection.',
    notVerified: 'The event chain has not been verified yet (it is checked nightly).',
    intact: (at: string, n: number) => `Event chain last verified ${at}: intact, ${n} events.`,
    broken: (at: string, seq: number, problem: string) =>
      `Warning: the event chain is broken (verified ${at}). First affected event: ${seq} – ${problem}. ` +
      'Someone changed data directly in the database; check with your administrator and the backups.',
  },
} satisfies Record<Language, unknown>;

function VerificationNotice({ language }: { language: Language }) {
  const { f } = useI18n();
  const text = TEXTS[language];
  const query = useApiQuery<Verification>('/api/audit/verification');
  return (
    <QueryView query={query}>
      {({ verification }) =>
        verification === null ? (
          <p className="notice notice-info">{text.notVerified}</p>
        ) : verification.ok ? (
          <p className="notice notice-success" data-testid="audit-chain-ok">
            {text.intact(f.dateTime(verification.at), verification.checked)}
          </p>
        ) : (
          <p className="notice notice-error" role="alert" data-testid="audit-chain-broken">
            {text.broken(
              f.dateTime(verification.at),
              verification.firstBroken?.seq ?? 0,
              verification.firstBroken?.problem ?? '',
            )}
          </p>
        )
      }
    </QueryView>
  );
}

export function AuditLogPage() {
  const { language, f } = useI18n();
  const text = TEXTS[language];
  const [actor, setActor] = useState('');
  const [type, setType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Debounced as text: an object would be new at every render.
  const settled = useDebouncedValue(
    JSON.stringify({ actor: actor.trim(), type: type.trim(), from, to }),
    300,
  );
  const filter = JSON.parse(settled) as { actor: string; type: string; from: string; to: string };
  const list = useCursorList<AuditEvent>('/api/audit/events', {
    actor: filter.actor || undefined,
    type: filter.type || undefined,
    from: filter.from || undefined,
    to: filter.to || undefined,
  });
  return (
    <Section title={text.title} testId="audit-log">
      <p className="muted">{text.intro}</p>
      <VerificationNotice language={language} />
      <div className="form-grid">
        <Field label={text.actor}>
          {(control) => <input {...control} value={actor} onChange={(e) => setActor(e.target.value)} />}
        </Field>
        <Field label={text.type}>
          {(control) => <input {...control} value={type} onChange={(e) => setType(e.target.value)} />}
        </Field>
        <Field label={text.from}>
          {(control) => (
            <input {...control} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          )}
        </Field>
        <Field label={text.to}>
          {(control) => <input {...control} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
      </div>
      <PagedTable
        list={list}
        empty={text.none}
        head={
          <>
            <th scope="col">{text.at}</th>
            <th scope="col">{text.actor.split(' (')[0]}</th>
            <th scope="col">{text.type.split(' (')[0]}</th>
            <th scope="col">{text.entity}</th>
            <th scope="col" className="hide-narrow">
              {text.customer}
            </th>
          </>
        }
        rows={(event) => (
          <tr key={event.id} data-testid="audit-event">
            <td>{f.dateTime(event.at)}</td>
            <td>{event.actor}</td>
            <td>
              <code>{event.type}</code>
            </td>
            <td>
              {event.entityType} {event.entityId}
            </td>
            <td className="hide-narrow">{event.customerId ?? ''}</td>
          </tr>
        )}
      />
    </Section>
  );
}
