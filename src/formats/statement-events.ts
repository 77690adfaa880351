/**
 * @module statement-events
 * The stream every statement reader produces: the file's format, then per statement its header,
 * its entries one by one, and its final header (balances that MT940 gives only at the end).
 * Large camt files are read this way in bounded memory; small formats are parsed whole and
 * replayed as events, so import and printing handle every format alike.
 *
 * @example
 * const file = await collectStatementEvents(readCamtEvents(chunks, 'auszug.xml'));
 */
import type { BankStatement, ParsedStatementFile, StatementEntry } from './bank-statement.ts';

export type StatementEvent =
  | { kind: 'format'; format: string }
  /** A statement's header (its `entries` stay empty; entries follow as events). */
  | { kind: 'statement'; statement: BankStatement }
  | { kind: 'entry'; entry: StatementEntry }
  /** The statement is complete; the header may carry balances known only now. */
  | { kind: 'end'; statement: BankStatement };

/** Replays a file parsed in one piece as events. */
export async function* eventsOfParsedFile(parsed: ParsedStatementFile): AsyncGenerator<StatementEvent> {
  yield { kind: 'format', format: parsed.format };
  for (const statement of parsed.statements) {
    const header: BankStatement = { ...statement, entries: [] };
    yield { kind: 'statement', statement: header };
    for (const entry of statement.entries) yield { kind: 'entry', entry };
    yield { kind: 'end', statement: header };
  }
}

/** Adds one event to the file being collected: the end's header may carry balances known only then. */
function collectEvent(file: ParsedStatementFile, event: StatementEvent): void {
  const current = file.statements.at(-1);
  if (event.kind === 'format') file.format = event.format;
  else if (event.kind === 'statement') file.statements.push({ ...event.statement, entries: [] });
  else if (event.kind === 'entry') current?.entries.push(event.entry);
  else if (current) Object.assign(current, { ...event.statement, entries: current.entries });
}

/** Collects the events of a (small) file into the normalised shape. */
export async function collectStatementEvents(
  events: AsyncIterable<StatementEvent>,
): Promise<ParsedStatementFile> {
  const file: ParsedStatementFile = { format: '', statements: [] };
  for await (const event of events) collectEvent(file, event);
  return file;
}

/** {@link collectStatementEvents} for a reader that hands its events on at once. */
export function collectStatementEventsOf(events: Iterable<StatementEvent>): ParsedStatementFile {
  const file: ParsedStatementFile = { format: '', statements: [] };
  for (const event of events) collectEvent(file, event);
  return file;
}
