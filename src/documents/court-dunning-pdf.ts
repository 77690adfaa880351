/**
 * @module court-dunning-pdf
 * The printable summary of a Mahnbescheid application, for the person who types it into
 * www.online-mahnantrag.de: the dunning court, both parties, each main claim with its catalogue
 * designation, running and calculated interest, the ancillary claims and expenses, the court for a
 * contested case, the sums, and the hints to check — in the order of the online form's pages. It is
 * a worksheet, not the application: it goes to no one, so the letter's address field names the
 * court the data is for.
 */
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import type {
  Betrag,
  CourtDunningApplication,
  KostenArt,
  Partei,
  ParteiArt,
} from '../services/court-dunning-service.ts';
import {
  BOLD,
  createLetter,
  FONT,
  horizontalRule,
  LEFT,
  type Letter,
  MM,
  RIGHT,
  tableRow,
} from './letter-pdf.ts';

export interface RenderCourtDunningPdfInput {
  company: CompanyProfile;
  application: CourtDunningApplication;
}

export const ONLINE_FORM_LINE = 'Zur Übertragung in www.online-mahnantrag.de';

const PARTY_KINDS: Record<ParteiArt, string> = {
  'natuerliche-person': 'natürliche Person',
  firma: 'Firma',
  gesellschaft: 'Gesellschaft / juristische Person',
};

const COST_KINDS: Record<KostenArt, string> = {
  mahnkosten: 'Mahnkosten',
  verzugspauschale: 'Verzugspauschale § 288 Abs. 5 BGB',
  bankruecklastkosten: 'Bankrücklastkosten',
  inkassokosten: 'Inkassokosten',
  'sonstige-kosten': 'Sonstige Kosten',
};

const money = (amount: Betrag) => formatMoney(Money.of(amount.cent, 'EUR'), 'de');
const date = (day: CalendarDate) => formatCalendarDate(day, 'de');

function heading(letter: Letter, text: string): void {
  // Room for the heading and two lines under it: a heading never ends a page.
  letter.ensureSpace(16);
  letter.y += 1;
  letter.paragraph(text, { bold: true, size: 9.5, gapAfter: 0.5 });
}

function small(letter: Letter, text: string, options: { bold?: boolean } = {}): void {
  letter.paragraph(text, { size: 8.5, gapAfter: 1, ...options });
}

function partyLines(p: Partei): string[] {
  return [
    p.name,
    `${PARTY_KINDS[p.art]}${p.rechtsform ? `, ${p.rechtsform}` : ', Rechtsform nicht erkannt'}`,
    ...p.adresszusatz,
    p.strasse,
    `${p.plz} ${p.ort}${p.land !== 'DE' ? `, ${p.land}` : ''}`,
    ...(p.gesetzlicherVertreter
      ? [`vertreten durch ${p.gesetzlicherVertreter.name} (${p.gesetzlicherVertreter.funktion})`]
      : []),
  ];
}

/** Antragsteller and Antragsgegner side by side, each under its heading. */
function parties(letter: Letter, applicant: Partei, respondent: Partei): void {
  const { doc } = letter;
  const width = ((RIGHT - LEFT) / 2 - 4) * MM;
  const columns = [
    { x: LEFT, title: '2. Antragsteller', lines: partyLines(applicant) },
    { x: LEFT + (RIGHT - LEFT) / 2, title: '3. Antragsgegner', lines: partyLines(respondent) },
  ];
  doc.font(FONT).fontSize(8.5);
  const height = Math.max(...columns.map((c) => doc.heightOfString(c.lines.join('\n'), { width }) / MM)) + 6;
  letter.ensureSpace(height + 2);
  letter.y += 1.5;
  for (const column of columns) {
    doc
      .font(BOLD)
      .fontSize(9.5)
      .text(column.title, column.x * MM, letter.y * MM, { width });
    doc
      .font(FONT)
      .fontSize(8.5)
      .text(column.lines.join('\n'), column.x * MM, (letter.y + 5) * MM, { width });
  }
  letter.y += height + 1;
}

export async function renderCourtDunningPdf(input: RenderCourtDunningPdfInput): Promise<Uint8Array> {
  const a = input.application;
  const letter = createLetter({
    company: input.company,
    recipient: { lines: [a.mahngericht.name, '– Mahngericht –'] },
    info: [
      ['Kundennr.', a.kunde.nummer],
      ['Stand', date(a.stand)],
      ['Forderungen', String(a.hauptforderungen.length)],
    ],
    subject: 'Antrag auf Erlass eines Mahnbescheids – Datenübersicht',
    language: 'de',
    title: `Mahnantrag ${a.kunde.nummer} ${a.stand}`,
  });
  letter.paragraph(ONLINE_FORM_LINE, { bold: true, size: 11, gapAfter: 0.5 });

  heading(letter, `1. Mahngericht: ${a.mahngericht.name}`);
  small(letter, `${a.mahngericht.grund} (${a.mahngericht.vorschrift})`);

  parties(letter, a.antragsteller, a.antragsgegner);

  heading(letter, '4. Hauptforderungen');
  const x = [LEFT, 32, 70, 135, 158];
  const w = [7, 38, 65, 23, RIGHT - 158];
  tableRow(letter, x, w, ['Nr.', 'Anspruch (Kat.-Nr.)', 'Bezeichnung', 'Verzug ab', 'Betrag'], {
    bold: true,
    rightFrom: 4,
  });
  horizontalRule(letter);
  for (const h of a.hauptforderungen) {
    tableRow(
      letter,
      x,
      w,
      [
        String(h.nr),
        h.katalognummer === null ? h.anspruch : `${h.anspruch} (${h.katalognummer})`,
        h.bezeichnung,
        date(h.verzugsbeginn),
        money(h.betrag),
      ],
      { rightFrom: 4 },
    );
  }
  horizontalRule(letter);
  tableRow(letter, x, w, ['', 'Summe', '', '', money(a.summe.hauptforderungen)], {
    bold: true,
    rightFrom: 4,
  });

  heading(letter, '5. Zinsen');
  const zx = [LEFT, 32, 110, 135, 158];
  const zw = [7, 78, 25, 23, RIGHT - 158];
  tableRow(letter, zx, zw, ['Nr.', 'Laufende Zinsen', 'ab', 'aus', 'Grundlage'], {
    bold: true,
    rightFrom: 3,
  });
  horizontalRule(letter);
  for (const z of a.zinsen.laufende) {
    tableRow(
      letter,
      zx,
      zw,
      [
        String(z.zuHauptforderung),
        z.zinsart === 'fest'
          ? `${z.prozentJaehrlich?.replace('.', ',')} % jährlich`
          : `${z.prozentpunkte?.replace('.', ',')} Prozentpunkte über dem jeweiligen Basiszinssatz`,
        date(z.ab),
        money(z.aus),
        z.grundlage,
      ],
      { rightFrom: 3 },
    );
  }
  for (const z of a.zinsen.ausgerechnete) {
    small(
      letter,
      `Ausgerechnete Zinsen zu Nr. ${z.zuHauptforderung}: ${money(z.betrag)} für ${date(z.von)} bis ${date(z.bis)}. ${z.grund}`,
    );
  }

  heading(letter, '6. Auslagen und Nebenforderungen');
  const n = a.nebenforderungen;
  const rows: [string, Betrag][] = (
    [
      ['Auslagen des Antragstellers für dieses Verfahren', a.auslagen],
      ['Mahnkosten', n.mahnkosten],
      ['Bankrücklastkosten', n.bankruecklastkosten],
      ['Inkassokosten', n.inkassokosten],
      ...n.sonstige.map((s): [string, Betrag] => [`Sonstige Nebenforderung: ${s.bezeichnung}`, s.betrag]),
    ] as [string, Betrag][]
  ).filter(([, amount]) => amount.cent !== 0);
  const sx = [LEFT, 150];
  const sw = [120, RIGHT - 150];
  if (rows.length === 0) small(letter, 'Keine.');
  for (const [label, amount] of rows) tableRow(letter, sx, sw, [label, money(amount)], { rightFrom: 1 });
  if (n.aufschluesselung.length > 0) {
    const byInvoice = new Map<string, string[]>();
    for (const part of n.aufschluesselung) {
      const list = byInvoice.get(part.rechnungsnummer) ?? [];
      list.push(`${COST_KINDS[part.art]} ${money(part.betrag)}`);
      byInvoice.set(part.rechnungsnummer, list);
    }
    small(
      letter,
      `Je Rechnung: ${[...byInvoice.entries()].map(([number, parts]) => `${number}: ${parts.join(', ')}`).join('; ')}`,
    );
  }

  const p = a.prozessgericht;
  heading(letter, '7. Prozessgericht (bei Widerspruch)');
  small(
    letter,
    `${p.art} für ${p.plz} ${p.ort}${p.land !== 'DE' ? `, ${p.land}` : ''}, Streitwert ${money(p.streitwert)}`,
    { bold: true },
  );
  small(letter, p.regel);

  heading(letter, '8. Summe');
  small(
    letter,
    `Hauptforderungen ${money(a.summe.hauptforderungen)} + ausgerechnete Zinsen ${money(a.summe.ausgerechneteZinsen)} + Nebenforderungen ${money(a.summe.nebenforderungen)} + Auslagen ${money(a.summe.auslagen)} = ${money(a.summe.gesamt)}`,
    { bold: true },
  );
  small(
    letter,
    `Zuzüglich der laufenden Zinsen. ${a.gerichtskosten} Diese Übersicht ist kein Antrag; sie folgt den Seiten des Online-Formulars.`,
  );

  if (a.hinweise.length > 0) {
    heading(letter, 'Hinweise vor der Übertragung');
    for (const hint of a.hinweise) small(letter, `– ${hint.text}`);
  }
  if (a.nichtAufgenommen.length > 0) {
    heading(letter, 'Nicht aufgenommen');
    for (const left of a.nichtAufgenommen) small(letter, `– Rechnung ${left.rechnungsnummer}: ${left.grund}`);
  }
  return letter.finish();
}
