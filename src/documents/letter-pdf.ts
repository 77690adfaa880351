/**
 * @module letter-pdf
 * A business letter on A4 after DIN 5008 form B, for window envelopes (DL and C5/6): the address
 * field 85 × 45 mm at 20 mm from the left and 45 mm from the top (a 17.7 mm zone for the return
 * address above 27.3 mm for up to six address lines), the information block beside it, fold marks
 * at 105 and 210 mm and the hole mark at 148.5 mm, and a footer with what §§35a GmbHG, 37a HGB
 * require on business letters (register, managing directors, VAT id) and the bank account.
 * Every document (invoice, reminder, notice, claim statement) is written into such a letter.
 *
 * @example
 * const letter = createLetter({ company, recipient, info: [['Rechnungsnr.', 'RE000815']], subject: 'Rechnung RE000815', language: 'de' });
 * letter.paragraph('Sehr geehrte Damen und Herren,');
 * const pdf = await letter.finish();
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { CompanyProfile } from '../services/company-service.ts';

export const MM = 72 / 25.4;
const PAGE_HEIGHT = 297;
export const LEFT = 25;
export const RIGHT = 190;
const FOOTER_TOP = 270;
const BODY_BOTTOM = 262;
/** Names of the embedded fonts, for `doc.font(…)` in every document. */
export const FONT = 'Body';
export const BOLD = 'Body-Bold';

/**
 * Arimo (OFL, metrically compatible with Helvetica/Arial): embedded, as PDF/A requires of every
 * font, and with glyphs beyond WinAnsi (ł, ő, ș …) that names of customers abroad need. Read once.
 */
const fontFiles = (() => {
  const require = createRequire(import.meta.url);
  const file = (weight: string) =>
    readFileSync(require.resolve(`@expo-google-fonts/arimo/${weight}/Arimo_${weight}.ttf`));
  let loaded: { regular: Buffer; bold: Buffer } | undefined;
  return () => (loaded ??= { regular: file('400Regular'), bold: file('700Bold') });
})();

export interface LetterRecipient {
  /** Name and address lines, at most six (DIN 5008 address zone). */
  lines: string[];
}

export interface LetterOptions {
  company: CompanyProfile;
  recipient: LetterRecipient;
  /** Label and value pairs of the information block (number, date, customer number …). */
  info: [string, string][];
  subject: string;
  language: 'de' | 'en';
  /** Document title and author in the PDF metadata. */
  title: string;
}

export interface Letter {
  doc: PDFKit.PDFDocument;
  /** Current vertical position in mm. */
  y: number;
  /** Starts a new page when fewer than `heightMm` remain. */
  ensureSpace(heightMm: number): void;
  paragraph(text: string, options?: { bold?: boolean; size?: number; gapAfter?: number }): void;
  finish(): Promise<Uint8Array>;
}

const LABELS = {
  de: { page: (n: number, of: number) => `Seite ${n} von ${of}`, bank: 'Bankverbindung', vat: 'USt-IdNr.' },
  en: { page: (n: number, of: number) => `Page ${n} of ${of}`, bank: 'Bank details', vat: 'VAT ID' },
};

function returnAddress(company: CompanyProfile): string {
  const address = company.address;
  return [company.name, address?.street, address ? `${address.postalCode} ${address.city}` : null]
    .filter(Boolean)
    .join(' · ');
}

function drawLetterhead(doc: PDFKit.PDFDocument, company: CompanyProfile): void {
  doc
    .font(BOLD)
    .fontSize(14)
    .text(company.name, LEFT * MM, 15 * MM, { width: (RIGHT - LEFT) * MM, align: 'right' });
  const contact = [
    company.address
      ? `${company.address.street}, ${company.address.postalCode} ${company.address.city}`
      : null,
    [company.phone ? `Tel. ${company.phone}` : null, company.email].filter(Boolean).join(' · ') || null,
    company.website,
  ].filter((line): line is string => Boolean(line));
  doc
    .font(FONT)
    .fontSize(8)
    .text(contact.join('\n'), LEFT * MM, 22 * MM, { width: (RIGHT - LEFT) * MM, align: 'right' });
}

function drawMarks(doc: PDFKit.PDFDocument): void {
  // Fold marks (form B: 105 mm and 210 mm) and the hole mark (148.5 mm), 5 mm long at the left edge.
  doc.save().lineWidth(0.3).strokeColor('#888888');
  for (const y of [105, 210])
    doc
      .moveTo(3 * MM, y * MM)
      .lineTo(7 * MM, y * MM)
      .stroke();
  doc
    .moveTo(3 * MM, 148.5 * MM)
    .lineTo(9 * MM, 148.5 * MM)
    .stroke();
  doc.restore();
}

function drawAddressField(
  doc: PDFKit.PDFDocument,
  company: CompanyProfile,
  recipient: LetterRecipient,
): void {
  // Return address in the 17.7 mm zone: one small line just above the address zone.
  doc.font(FONT).fontSize(7).fillColor('#444444');
  doc.text(returnAddress(company), 20 * MM, 57 * MM, { width: 85 * MM, lineBreak: false, ellipsis: true });
  doc
    .moveTo(20 * MM, 61 * MM)
    .lineTo(105 * MM, 61 * MM)
    .lineWidth(0.3)
    .strokeColor('#999999')
    .stroke();
  doc.fillColor('black').font(FONT).fontSize(10);
  doc.text(recipient.lines.slice(0, 6).join('\n'), 20 * MM, 63.5 * MM, { width: 85 * MM, lineGap: 1 });
}

function drawInfoBlock(doc: PDFKit.PDFDocument, info: [string, string][]): void {
  let y = 50;
  doc.fontSize(9);
  for (const [label, value] of info) {
    doc
      .font(FONT)
      .fillColor('#444444')
      .text(label, 125 * MM, y * MM, { width: 32 * MM });
    doc
      .font(FONT)
      .fillColor('black')
      .text(value, 158 * MM, y * MM, { width: 32 * MM, align: 'right' });
    y += 4.6;
  }
}

function drawFooter(doc: PDFKit.PDFDocument, company: CompanyProfile, language: 'de' | 'en'): void {
  const labels = LABELS[language];
  const columns = [
    [
      company.name,
      company.address?.street,
      company.address ? `${company.address.postalCode} ${company.address.city}` : null,
    ],
    [
      company.managingDirectors
        ? `${language === 'de' ? 'Geschäftsführung' : 'Managing directors'}: ${company.managingDirectors}`
        : null,
      company.register,
      company.vatId ? `${labels.vat} ${company.vatId}` : null,
      company.taxNumber ? `${language === 'de' ? 'Steuernr.' : 'Tax no.'} ${company.taxNumber}` : null,
    ],
    company.bank
      ? [
          labels.bank,
          company.bank.bankName,
          `IBAN ${formatIban(company.bank.iban)}`,
          company.bank.bic ? `BIC ${company.bank.bic}` : null,
        ]
      : [],
  ];
  doc
    .save()
    .moveTo(LEFT * MM, (FOOTER_TOP - 2) * MM)
    .lineTo(RIGHT * MM, (FOOTER_TOP - 2) * MM)
    .lineWidth(0.3)
    .strokeColor('#999999')
    .stroke()
    .restore();
  const width = (RIGHT - LEFT) / 3;
  columns.forEach((lines, i) => {
    doc.font(FONT).fontSize(7).fillColor('#444444');
    doc.text(lines.filter(Boolean).join('\n'), (LEFT + i * width) * MM, FOOTER_TOP * MM, {
      width: (width - 3) * MM,
      lineGap: 0.5,
    });
  });
  doc.fillColor('black');
}

/** The address lines of a recipient as the window shows them; the country only when abroad. */
export function recipientLines(
  name: string,
  address: { street: string; postalCode: string; city: string; country: string; extra?: string[] } | null,
): string[] {
  return [
    name,
    ...(address?.extra ?? []),
    ...(address ? [address.street, `${address.postalCode} ${address.city}`] : []),
    ...(address && address.country !== 'DE' ? [address.country] : []),
  ];
}

/** IBAN in groups of four, as printed. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Shaping words with an embedded TrueType font (fontkit) costs about 20 ms per letter, four times
 * the rest of the page. pdfkit keeps the shaped words per document (`layoutCache` of its font
 * object, keyed by word); the result depends only on the font file, so every document shares one
 * cache per font. pdfkit reads no more from a cached run than the glyph ids, widths and code points
 * and the positions, so the cache keeps only those: a fontkit glyph would keep its whole parsed
 * font alive, one per document. These are pdfkit internals: if they change, the letter is still
 * right, only slower. Bounded, so that customers' names do not grow it without end.
 */
interface ShapedWord {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: unknown[];
  advanceWidth: number;
}
const layoutCaches = new Map<string, Map<string, ShapedWord>>();
const LAYOUT_CACHE_WORDS = 50_000;

/**
 * The parsed font (fontkit) of the first document, for all later ones. pdfkit parses the font file
 * for every document, and fontkit decodes its tables and glyphs lazily — a document with a word not
 * shaped before paid for that again (at 1,000 letters, 60 ms a letter instead of 14). Later documents
 * get pdfkit's embedded font made over the parsed one, as pdfkit's own `font()` would make it, without
 * reading the file again. The font is only read; each document keeps its own subset of the glyphs it used.
 */
interface FontkitFont {
  createSubset(): unknown;
}
interface EmbeddedFontLike {
  layoutCache?: object;
  font?: FontkitFont;
  name?: string;
}
type EmbeddedFontClass = new (doc: PDFKit.PDFDocument, font: FontkitFont, id: string) => EmbeddedFontLike;
const parsedFonts = new Map<string, { font: FontkitFont; embeddedFont: EmbeddedFontClass }>();

/** pdfkit's fields behind `font()`: the document's fonts by name, and its font counter. */
interface PdfkitFonts {
  _font?: EmbeddedFontLike;
  _fontFamilies: Record<string, EmbeddedFontLike>;
  _fontCount: number;
}

function shareLayoutCache(doc: PDFKit.PDFDocument, font: string): void {
  const internals = doc as unknown as PdfkitFonts;
  const parsed = parsedFonts.get(font);
  if (parsed) {
    const embedded = new parsed.embeddedFont(doc, parsed.font, `F${++internals._fontCount}`);
    internals._fontFamilies[font] = embedded;
    if (embedded.name) internals._fontFamilies[embedded.name] = embedded;
  }
  doc.font(font);
  const embedded = internals._font;
  if (!embedded || typeof embedded.layoutCache !== 'object' || embedded.layoutCache === null) return;
  if (!parsed && embedded.font) {
    parsedFonts.set(font, { font: embedded.font, embeddedFont: embedded.constructor as EmbeddedFontClass });
  }
  let words = layoutCaches.get(font);
  if (!words || words.size > LAYOUT_CACHE_WORDS) {
    words = new Map();
    layoutCaches.set(font, words);
  }
  const shared = words;
  embedded.layoutCache = new Proxy(Object.create(null) as object, {
    get: (_, word) => (typeof word === 'string' ? shared.get(word) : undefined),
    set: (_, word, run: ShapedWord) => {
      if (typeof word !== 'string') return false;
      shared.set(word, {
        glyphs: run.glyphs.map((g) => ({ id: g.id, advanceWidth: g.advanceWidth, codePoints: g.codePoints })),
        positions: run.positions,
        advanceWidth: run.advanceWidth,
      });
      return true;
    },
  });
}

export function createLetter(options: LetterOptions): Letter {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    // No default font (pdfkit would parse Helvetica's metrics for every document): every text here
    // chooses Arimo first.
    font: null as unknown as string,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: options.title, Author: options.company.name, Creator: 'Mahnwerk' },
    lang: options.language === 'de' ? 'de-DE' : 'en',
    // PDF/A-3b: fonts embedded, XMP metadata with the PDF/A identification, an sRGB output intent.
    // Archivable as GoBD asks, and the base a ZUGFeRD/Factur-X invoice needs (embedFacturX).
    subset: 'PDF/A-3b',
    pdfVersion: '1.7',
  });
  const fonts = fontFiles();
  doc.registerFont(FONT, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  shareLayoutCache(doc, BOLD);
  shareLayoutCache(doc, FONT);
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  drawLetterhead(doc, options.company);
  drawAddressField(doc, options.company, options.recipient);
  drawInfoBlock(doc, options.info);
  doc
    .font(BOLD)
    .fontSize(11)
    .fillColor('black')
    .text(options.subject, LEFT * MM, 98.5 * MM, { width: (RIGHT - LEFT) * MM });
  // A long subject wraps: the body starts below it, whatever its height.
  const subjectHeight = doc.heightOfString(options.subject, { width: (RIGHT - LEFT) * MM }) / MM;

  const letter: Letter = {
    doc,
    y: 98.5 + subjectHeight + 6,
    ensureSpace(heightMm) {
      if (letter.y + heightMm > BODY_BOTTOM) {
        doc.addPage({ size: 'A4', margin: 0 });
        letter.y = 25;
      }
    },
    paragraph(text, paragraphOptions = {}) {
      doc.font(paragraphOptions.bold ? BOLD : FONT).fontSize(paragraphOptions.size ?? 10);
      const height = doc.heightOfString(text, { width: (RIGHT - LEFT) * MM }) / MM;
      letter.ensureSpace(height);
      doc.text(text, LEFT * MM, letter.y * MM, { width: (RIGHT - LEFT) * MM });
      letter.y += height + (paragraphOptions.gapAfter ?? 3);
    },
    finish() {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        drawMarks(doc);
        drawFooter(doc, options.company, options.language);
        doc.font(FONT).fontSize(8).fillColor('#444444');
        doc.text(LABELS[options.language].page(i + 1, range.count), LEFT * MM, (PAGE_HEIGHT - 10) * MM, {
          width: (RIGHT - LEFT) * MM,
          align: 'right',
          lineBreak: false,
        });
        doc.fillColor('black');
      }
      return new Promise((resolve, reject) => {
        doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
        doc.on('error', reject);
        doc.end();
      });
    },
  };
  return letter;
}

/**
 * One row of a table in the letter's body: each cell at its x (mm) with its width; the cells from
 * `rightFrom` on (amounts) are right-aligned.
 */
export function tableRow(
  letter: Letter,
  x: readonly number[],
  widths: readonly number[],
  cells: readonly string[],
  options: { bold?: boolean; rightFrom?: number } = {},
): void {
  const { doc } = letter;
  letter.ensureSpace(5);
  doc.font(options.bold ? BOLD : FONT).fontSize(8.5);
  cells.forEach((cell, i) =>
    doc.text(cell, (x[i] as number) * MM, letter.y * MM, {
      width: (widths[i] as number) * MM,
      align: i >= (options.rightFrom ?? 2) ? 'right' : 'left',
      lineBreak: false,
    }),
  );
  letter.y += 4.6;
}

/** A thin line across the text width, under a table's head or above its total. */
export function horizontalRule(letter: Letter): void {
  letter.doc
    .moveTo(LEFT * MM, letter.y * MM)
    .lineTo(RIGHT * MM, letter.y * MM)
    .lineWidth(0.5)
    .stroke();
  letter.y += 1.5;
}
