/**
 * Templates and the values filled into them are data, never code: any template text is accepted or
 * refused with located issues; values such as `{{../../etc/passwd}}`, `${process.env.HOME}` or
 * `<img src=file:///etc/passwd>` end up in the letter as text, cannot make a `{{claims}}` marker,
 * and rendering the PDF reads no file and opens no connection they name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { DomainError } from '../domain/domain-error.ts';
import type { CompanyProfile } from '../services/company-service.ts';
import {
  DEFAULT_TEMPLATE_KEYS,
  defaultTemplate,
  fillTemplate,
  type LetterTemplate,
  TEMPLATE_PLACEHOLDERS,
  type TemplateValues,
  validateTemplate,
} from './letter-templates.ts';
import { renderNoticePdf, splitAtClaims } from './notice-pdf.ts';
import {
  countInput,
  countRefused,
  FUZZ_TEST_TIMEOUT,
  fuzzParameters,
  resultOrLocatedError,
  useNetworkTrap,
  withinHangBound,
} from '../../test/support/fuzz.ts';
import { hasPoppler } from '../../test/support/poppler.ts';

const HOSTILE_VALUES = [
  '{{../../etc/passwd}}',
  '{{claims}}',
  '{{ claims }}',
  '{{{{claims}}}}',
  '{{customerName}}',
  '${process.env.HOME}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<img src=file:///etc/passwd>',
  '<script>alert(1)</script>',
  "$& $1 $` $'",
  '\u0000\u202e\u200b',
  'file:///etc/passwd',
];

const value = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  fc.string({ maxLength: 30 }),
  fc
    .array(fc.constantFrom('{', '}', '{{', '}}', 'claims', ' ', '$', 'x'), { maxLength: 12 })
    .map((p) => p.join('')),
);
const valuesArb: fc.Arbitrary<TemplateValues> = fc.record({
  customerName: value,
  customerNumber: value,
  companyName: value,
  invoiceCount: value,
  total: value,
  deadline: value,
  issueDate: value,
  fee: value,
  nextStep: value,
});

const templateText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...Object.keys(TEMPLATE_PLACEHOLDERS).map((k) => `{{${k}}}`),
        '{{ deadline }}',
        '{{unknown}}',
        '{{constructor}}',
        '{{__proto__}}',
        '{{../../etc/passwd}}',
        '{{',
        '}}',
        '{',
        '}',
        '\n',
        '\n\n',
        ' ',
        '${x}',
      ),
      fc.string({ maxLength: 10 }),
    ),
    { maxLength: 30 },
  )
  .map((p) => p.join(''));

const claimsMarkers = (text: string) => (text.match(/\{\{claims\}\}/g) ?? []).length;

describe('letter template fuzz', () => {
  it(
    'accepts or refuses any template text with located issues',
    () => {
      fc.assert(
        fc.property(templateText, templateText, (subject, body) => {
          countInput('template validation');
          const outcome = withinHangBound('template validation', () =>
            resultOrLocatedError(
              () => validateTemplate({ subject, body }, 'fuzz'),
              (error) => error instanceof DomainError,
            ),
          );
          if (!outcome.ok) {
            countRefused('template validation');
            const issues = (outcome.error as DomainError).issues;
            expect(issues.length).toBeGreaterThan(0);
            for (const issue of issues) expect(['subject', 'body']).toContain(issue.path);
          }
        }),
        fuzzParameters('template validation', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it(
    'fills any values in as text: no value makes a marker, and each appears as given',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...DEFAULT_TEMPLATE_KEYS),
          fc.constantFrom('de' as const, 'en' as const),
          valuesArb,
          (key, language, values) => {
            countInput('template filling');
            const template = defaultTemplate(key, language);
            const filled = withinHangBound('template filling', () => fillTemplate(template, values));
            expect(claimsMarkers(filled.body)).toBe(claimsMarkers(template.body));
            expect(filled.subject).not.toMatch(/\{\{/);
            for (const [name, text] of Object.entries(values)) {
              if (!template.body.includes(`{{${name}}}`)) continue;
              // Braces are kept apart, everything else is the value as given.
              const shown = text.replace(/\{(?=\{)/g, '{ ').replace(/\}(?=\})/g, '} ');
              expect(filled.body).toContain(shown);
            }
            // Where the statement of claims goes is decided by the template alone.
            const [before, after] = splitAtClaims(filled.body);
            const [tBefore, tAfter] = splitAtClaims(template.body);
            expect([before.length, after.length]).toEqual([tBefore.length, tAfter.length]);
          },
        ),
        fuzzParameters('template filling', 500),
      );
    },
    FUZZ_TEST_TIMEOUT,
  );

  it('leaves a name that is no placeholder as written, in a template that was never checked', () => {
    const unchecked: LetterTemplate = {
      subject: 'x {{constructor}}',
      body: '{{toString}} {{__proto__}} {{deadline}}',
    };
    const values = Object.fromEntries(
      Object.keys(TEMPLATE_PLACEHOLDERS).map((k) => [k, 'V']),
    ) as TemplateValues;
    expect(fillTemplate(unchecked, values)).toEqual({
      subject: 'x {{constructor}}',
      body: '{{toString}} {{__proto__}} V',
    });
  });
});

// --- the PDF ---------------------------------------------------------------------------------

const COMPANY: CompanyProfile = {
  name: 'Firma {{claims}} <img src=file:///etc/passwd>',
  address: { street: '${process.env.HOME}', postalCode: '10117', city: 'file:///etc/passwd', country: 'DE' },
  phone: null,
  email: null,
  website: null,
  vatId: 'DE123456789',
  taxNumber: null,
  register: null,
  managingDirectors: null,
  state: 'BE',
  creditorId: null,
  bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
};

describe('notice PDF with hostile values', () => {
  const trap = useNetworkTrap('x');
  const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-hostile-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function render(customerName: string, template: LetterTemplate): Promise<Uint8Array> {
    const today = '2026-03-16' as CalendarDate;
    return renderNoticePdf({
      company: COMPANY,
      customer: {
        number: `K-1 ${trap.url}/customer-number`,
        name: customerName,
        address: {
          street: `<img src="${trap.url}/street.png">`,
          postalCode: '10115',
          city: '{{../../etc/passwd}}',
          country: 'DE',
        },
        language: 'de',
        vatId: null,
      },
      notice: {
        id: 1,
        issuedOn: today,
        paymentDeadline: today,
        currency: 'EUR',
        feeCents: 0,
        feeWaivedBecause: null,
        totalCents: 1000,
        announcesEscalation: false,
      },
      items: [
        {
          invoiceNumber: `RE-1 ${trap.url}/invoice`,
          issuedOn: today,
          dueDate: today,
          grossCents: 1000,
          openPrincipalCents: 1000,
          openCostsCents: 0,
          interestCents: 0,
          interestPaidCents: 0,
          flatFeeCents: 0,
          totalCents: 1000,
          interestSegments: [],
        },
      ],
      template,
    });
  }

  it('writes placeholders, template syntax, markup and file URLs as text, and fetches nothing', async () => {
    const name = `{{../../etc/passwd}} \${process.env.HOME} <img src=file:///etc/passwd> <img src="${trap.url}/logo.png">`;
    const template = validateTemplate(
      {
        subject: 'Mahnung ${process.env.HOME}',
        body: 'Sehr geehrte {{customerName}},\n\nbitte zahlen Sie {{total}}.\n\nGrüße\n{{companyName}}',
      },
      'first-dunning',
    );
    const pdf = await render(name, template);
    expect(new TextDecoder('latin1').decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(trap.requests).toBe(0);
    // The only files a letter reads are the bundled fonts: no path from the data is opened.
    const raw = new TextDecoder('latin1').decode(pdf);
    expect(raw).not.toMatch(/\/URI|\/Launch|\/JavaScript|\/EmbeddedFile|\/XObject/);
    if (hasPoppler()) {
      const file = join(dir, 'notice.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0] as string;
      expect(text).not.toContain(passwd);
      expect(text).toContain('${process.env.HOME}');
      expect(text).toContain('{ {../../etc/passwd} }');
      expect(text).toContain('<img src=file:///etc/passwd>');
      expect(text).toContain('{{../../etc/passwd}}'); // the address line is not template text
    }
  });

  it('never draws an image, attaches a file or loads a font named by data (a tripwire for new code)', () => {
    const documents = new URL('.', import.meta.url);
    const offenders = readdirSync(documents)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => {
        // The two bundled fonts, read from the package folder, are the only registration allowed.
        const source = readFileSync(new URL(f, documents), 'utf8')
          .replace('doc.registerFont(FONT, fonts.regular);', '')
          .replace('doc.registerFont(BOLD, fonts.bold);', '');
        return /\.image\(|\.file\(|registerFont\(|openImage\(|\.link\(|goTo\(/.test(source) ? [f] : [];
      });
    expect(offenders).toEqual([]);
  });
});
