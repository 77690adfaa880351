import { hasPoppler } from '../../test/support/poppler.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import {
  betrag,
  type CourtDunningApplication,
  GERICHTSKOSTEN_HINWEIS,
} from '../services/court-dunning-service.ts';
import { ONLINE_FORM_LINE, renderCourtDunningPdf } from './court-dunning-pdf.ts';

const d = (text: string) => text as CalendarDate;

const COMPANY: CompanyProfile = {
  name: 'Muster Handel GmbH',
  address: { street: 'Hauptstraße 1', postalCode: '96450', city: 'Coburg', country: 'DE' },
  phone: null,
  email: null,
  website: null,
  vatId: 'DE123456789',
  taxNumber: null,
  register: 'Amtsgericht Coburg HRB 1234',
  managingDirectors: 'Max Muster',
  state: 'BE',
  creditorId: null,
  bank: null,
};

function application(claims: number): CourtDunningApplication {
  const hauptforderungen = Array.from({ length: claims }, (_, i) => ({
    nr: i + 1,
    katalognummer: 11,
    anspruch: 'Kaufvertrag',
    bezeichnung: `Rechnung Nr. RE-${i + 1} vom 02.01.2025`,
    belegart: 'Rechnung' as const,
    rechnungsnummer: `RE-${i + 1}`,
    rechnungsdatum: d('2025-01-02'),
    faelligAm: d('2025-01-31'),
    verzugsbeginn: d('2025-02-01'),
    betrag: betrag(1190_00),
  }));
  const principal = claims * 1190_00;
  return {
    format: 'mahnwerk/mahnantrag@1',
    stand: d('2025-04-01'),
    kunde: { nummer: 'K-1', id: 1, verbraucher: false },
    mahngericht: {
      name: 'Amtsgericht Coburg',
      grund: 'Sitz des Antragstellers in Bayern',
      vorschrift: '§ 689 Abs. 2 Satz 1, Abs. 3 ZPO',
    },
    antragsteller: {
      art: 'gesellschaft',
      name: COMPANY.name,
      rechtsform: 'GmbH',
      strasse: 'Hauptstraße 1',
      adresszusatz: [],
      plz: '96450',
      ort: 'Coburg',
      land: 'DE',
      gesetzlicherVertreter: { funktion: 'Geschäftsführer', name: 'Max Muster' },
    },
    antragsgegner: {
      art: 'gesellschaft',
      name: 'Spät GmbH',
      rechtsform: 'GmbH',
      strasse: 'Marienplatz 8',
      adresszusatz: [],
      plz: '80331',
      ort: 'München',
      land: 'DE',
      gesetzlicherVertreter: null,
    },
    hauptforderungen,
    zinsen: {
      laufende: hauptforderungen.map((h) => ({
        zuHauptforderung: h.nr,
        zinsart: 'ueber-basiszinssatz' as const,
        prozentpunkte: '9',
        prozentJaehrlich: null,
        ab: d('2025-02-01'),
        aus: h.betrag,
        text: '9 Prozentpunkte über dem jeweiligen Basiszinssatz ab 01.02.2025 aus 1.190,00 €',
        grundlage: '§ 288 Abs. 2 BGB',
      })),
      ausgerechnete: [
        {
          zuHauptforderung: 1,
          von: d('2025-02-01'),
          bis: d('2025-03-31'),
          betrag: betrag(17_31),
          grund:
            'Zinsen bis zum Vortag ausgerechnet, laufende Zinsen ab 01.04.2025: auf die Zinsen wurde gezahlt.',
        },
      ],
    },
    auslagen: betrag(3_45),
    nebenforderungen: {
      mahnkosten: betrag(95),
      bankruecklastkosten: betrag(0),
      inkassokosten: betrag(30_00),
      sonstige: [{ bezeichnung: 'Verzugspauschale § 288 Abs. 5 BGB', betrag: betrag(40_00) }],
      aufschluesselung: [
        { rechnungsnummer: 'RE-1', art: 'verzugspauschale', betrag: betrag(40_00) },
        { rechnungsnummer: 'RE-1', art: 'mahnkosten', betrag: betrag(95) },
        { rechnungsnummer: 'RE-1', art: 'inkassokosten', betrag: betrag(30_00) },
      ],
    },
    prozessgericht: {
      art: 'Amtsgericht',
      plz: '80331',
      ort: 'München',
      land: 'DE',
      streitwert: betrag(principal),
      wertgrenzeAmtsgericht: betrag(5_000_00),
      regel: 'Amtsgericht am allgemeinen Gerichtsstand des Antragsgegners (§§ 12, 13, 17 ZPO)',
    },
    summe: {
      hauptforderungen: betrag(principal),
      ausgerechneteZinsen: betrag(17_31),
      nebenforderungen: betrag(70_95),
      auslagen: betrag(3_45),
      gesamt: betrag(principal + 17_31 + 70_95 + 3_45),
    },
    gerichtskosten: GERICHTSKOSTEN_HINWEIS,
    hinweise: [
      {
        code: 'antragsgegner-vertreter',
        rechnungsnummer: null,
        text: 'Den gesetzlichen Vertreter des Antragsgegners ergänzen.',
      },
    ],
    nichtAufgenommen: [{ rechnungsnummer: 'RE-99', grund: 'bestritten seit 20.02.2025 (Streit offen)' }],
  };
}

describe.skipIf(!hasPoppler())('renderCourtDunningPdf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-court-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const textOf = async (input: CourtDunningApplication, name: string): Promise<string> => {
    const file = join(dir, name);
    writeFileSync(file, await renderCourtDunningPdf({ company: COMPANY, application: input }));
    // Without -layout, and with wrapped lines joined: each block of text as one run of words.
    return execFileSync('pdftotext', [file, '-'])
      .toString()
      .replace(/[\s\u00a0]+/g, ' ');
  };

  it('prints every part of the application, with the line for the online form', async () => {
    const text = await textOf(application(1), 'one.pdf');
    expect(text).toContain(ONLINE_FORM_LINE);
    expect(text).toContain('1. Mahngericht: Amtsgericht Coburg');
    expect(text).toContain('§ 689 Abs. 2 Satz 1, Abs. 3 ZPO');
    expect(text).toContain('vertreten durch Max Muster (Geschäftsführer)');
    expect(text).toContain('Spät GmbH');
    expect(text).toContain('Rechnung Nr. RE-1 vom 02.01.2025');
    expect(text).toContain('Kaufvertrag (11)');
    expect(text).toContain('9 Prozentpunkte über dem jeweiligen Basiszinssatz');
    expect(text).toContain('§ 288 Abs. 2 BGB');
    expect(text).toContain('Ausgerechnete Zinsen zu Nr. 1: 17,31 € für 01.02.2025 bis 31.03.2025');
    expect(text).toContain('Sonstige Nebenforderung: Verzugspauschale § 288 Abs. 5 BGB');
    // Nothing of it: not printed.
    expect(text).not.toContain('Bankrücklastkosten');
    expect(text).toMatch(
      /RE-1: Verzugspauschale § 288 Abs\. 5 BGB 40,00 €, Mahnkosten 0,95 €,\s+Inkassokosten 30,00 €/,
    );
    expect(text).toContain('Amtsgericht für 80331 München, Streitwert 1.190,00 €');
    // The total: 1,190.00 + 17.31 + 70.95 + 3.45.
    expect(text).toMatch(/Auslagen 3,45 € =\s+1\.281,71 €/);
    expect(text).toContain(GERICHTSKOSTEN_HINWEIS);
    expect(text).toContain('Den gesetzlichen Vertreter des Antragsgegners ergänzen.');
    expect(text).toContain('Rechnung RE-99: bestritten seit 20.02.2025');
  });

  it('fits one claim on one page, and a dozen claims with hints on two', async () => {
    const one = await textOf({ ...application(1), hinweise: [], nichtAufgenommen: [] }, 'single.pdf');
    expect(one).toContain('Seite 1 von 1');
    const text = await textOf(application(12), 'twelve.pdf');
    expect(text).toContain('Rechnung Nr. RE-12 vom 02.01.2025');
    expect(text).toContain('Seite 2 von 2');
  });
});
