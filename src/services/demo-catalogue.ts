/**
 * @module demo-catalogue
 * The data the demo company is made of: German names, cities with postal codes and federal
 * states, streets, banks, what the company sells, payment terms and dispute reasons.
 */
import type { PaymentTermsInput } from '../domain/payment-terms.ts';

// ---------------------------------------------------------------------------------------------
// German master data

// prettier-ignore
export const SURNAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz',
  'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann',
  'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner',
  'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König',
  'Walter', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn',
  'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Berger', 'Winkler', 'Roth', 'Beck',
  'Lorenz', 'Baumann', 'Albrecht', 'Schuster', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Schumacher',
  'Krämer', 'Vogt', 'Stein', 'Jäger', 'Sommer', 'Groß', 'Seidel', 'Brandt', 'Haas', 'Graf',
  'Dietrich', 'Ziegler', 'Kuhn', 'Pohl', 'Engel', 'Horn', 'Busch', 'Bergmann', 'Voigt', 'Arnold',
];

// prettier-ignore
export const FIRST_NAMES = [
  'Anna', 'Lukas', 'Marie', 'Felix', 'Sophie', 'Jonas', 'Laura', 'Leon', 'Julia', 'Paul', 'Lena',
  'Maximilian', 'Sarah', 'Tim', 'Katharina', 'Jan', 'Hannah', 'Niklas', 'Lisa', 'Tobias', 'Sabine',
  'Thomas', 'Petra', 'Michael', 'Claudia', 'Andreas', 'Monika', 'Stefan', 'Ursula', 'Jürgen',
  'Birgit', 'Wolfgang', 'Heike', 'Frank', 'Gabriele', 'Klaus', 'Emine', 'Mehmet', 'Katarzyna',
];

// prettier-ignore
export const INDUSTRIES = [
  'Metallbau', 'Elektrotechnik', 'Haustechnik', 'Logistik', 'Bäckerei', 'Druckerei', 'Zimmerei',
  'Autohaus', 'Steuerberatung', 'Gartenbau', 'Maschinenbau', 'Software', 'Immobilien', 'Catering',
  'Dachdeckerei', 'Malerbetrieb', 'Medizintechnik', 'Sanitär', 'Fliesenfachbetrieb', 'Architekten',
  'Reisebüro', 'Getränkehandel', 'Hausverwaltung', 'Zahntechnik', 'Optik', 'Spedition',
  'Bauunternehmung', 'Werbeagentur', 'Tischlerei', 'Kfz-Werkstatt',
];

/** Correspondence in English: German subsidiaries of international firms, expatriate consumers. */
export const EN_COMPANY_WORDS = ['Northbridge', 'Bluewater', 'Silverline', 'Harbour', 'Redwood', 'Oakfield'];
export const EN_INDUSTRIES = ['Consulting', 'Trading', 'Logistics', 'Software', 'Engineering', 'Media'];
export const EN_FIRST_NAMES = [
  'Emma',
  'Oliver',
  'Charlotte',
  'James',
  'Amelia',
  'William',
  'Sophia',
  'Henry',
];
export const EN_SURNAMES = ['Johnson', 'Smith', 'Walker', 'Taylor', 'Brown', 'Wilson', "O'Connor", 'Evans'];

/** City, a real postal code of it, its federal state, and its dialling code without the 0. */
// prettier-ignore
export const CITIES: readonly (readonly [city: string, postalCode: string, state: string, areaCode: string])[] = [
  ['Berlin', '10115', 'BE', '30'], ['Berlin', '10247', 'BE', '30'], ['Hamburg', '20095', 'HH', '40'],
  ['Hamburg', '22765', 'HH', '40'], ['München', '80331', 'BY', '89'], ['München', '81667', 'BY', '89'],
  ['Nürnberg', '90402', 'BY', '911'], ['Augsburg', '86150', 'BY', '821'], ['Regensburg', '93047', 'BY', '941'],
  ['Köln', '50667', 'NW', '221'], ['Düsseldorf', '40213', 'NW', '211'], ['Dortmund', '44135', 'NW', '231'],
  ['Essen', '45127', 'NW', '201'], ['Münster', '48143', 'NW', '251'], ['Bielefeld', '33602', 'NW', '521'],
  ['Bonn', '53111', 'NW', '228'], ['Frankfurt am Main', '60311', 'HE', '69'], ['Wiesbaden', '65183', 'HE', '611'],
  ['Kassel', '34117', 'HE', '561'], ['Stuttgart', '70173', 'BW', '711'], ['Karlsruhe', '76133', 'BW', '721'],
  ['Freiburg im Breisgau', '79098', 'BW', '761'], ['Mannheim', '68159', 'BW', '621'],
  ['Heidelberg', '69117', 'BW', '6221'], ['Leipzig', '04109', 'SN', '341'], ['Dresden', '01067', 'SN', '351'],
  ['Chemnitz', '09111', 'SN', '371'], ['Hannover', '30159', 'NI', '511'], ['Braunschweig', '38100', 'NI', '531'],
  ['Osnabrück', '49074', 'NI', '541'], ['Oldenburg', '26122', 'NI', '441'], ['Göttingen', '37073', 'NI', '551'],
  ['Bremen', '28195', 'HB', '421'], ['Bremerhaven', '27568', 'HB', '471'], ['Kiel', '24103', 'SH', '431'],
  ['Lübeck', '23552', 'SH', '451'], ['Rostock', '18055', 'MV', '381'], ['Schwerin', '19053', 'MV', '385'],
  ['Potsdam', '14467', 'BB', '331'], ['Cottbus', '03046', 'BB', '355'], ['Magdeburg', '39104', 'ST', '391'],
  ['Halle (Saale)', '06108', 'ST', '345'], ['Erfurt', '99084', 'TH', '361'], ['Jena', '07743', 'TH', '3641'],
  ['Mainz', '55116', 'RP', '6131'], ['Trier', '54290', 'RP', '651'], ['Koblenz', '56068', 'RP', '261'],
  ['Saarbrücken', '66111', 'SL', '681'],
];

// prettier-ignore
export const STREETS = [
  'Hauptstraße', 'Bahnhofstraße', 'Gartenstraße', 'Schulstraße', 'Kirchstraße', 'Bergstraße',
  'Lindenstraße', 'Goethestraße', 'Schillerstraße', 'Friedrichstraße', 'Industriestraße',
  'Gewerbestraße', 'Am Markt', 'Mühlenweg', 'Birkenweg', 'Rosenstraße', 'Poststraße', 'Feldstraße',
  'Wiesenweg', 'Ringstraße', 'Mozartstraße', 'Kantstraße', 'Brunnenstraße', 'Parkstraße',
  'Im Gewerbepark', 'Waldstraße', 'Buchenweg', 'Lessingstraße',
];

export const MAIL_PROVIDERS = ['web.de', 'gmx.de', 't-online.de', 'gmail.com', 'posteo.de', 'outlook.de'];

/** Bank codes (BLZ) of real German banks, for IBANs with correct check digits. */
export const BANK_CODES = [
  '10010010',
  '37040044',
  '50010517',
  '70150000',
  '20050550',
  '12030000',
  '43060967',
];

// ---------------------------------------------------------------------------------------------
// What the demo company sells: IT, office supplies and services, to businesses and households

export interface CatalogueItem {
  description: string;
  /** UN/ECE Rec 20 unit code, as in e-invoices. */
  unit: string;
  euros: readonly [min: number, max: number];
  /** Quantity as a range of steps, and the step in thousandths (500 = half an hour). */
  steps: readonly [min: number, max: number];
  stepMilli: number;
  /** 19 % standard rate; 7 % reduced rate (§12 Abs. 2 UStG: books, press, food). */
  vat: 1900 | 700;
  buyers: 'business' | 'consumer' | 'both';
}

// prettier-ignore
export const CATALOGUE: readonly CatalogueItem[] = [
  { description: 'Druckerpapier A4, 80 g/m², 500 Blatt', unit: 'C62', euros: [4, 6], steps: [5, 50], stepMilli: 1000, vat: 1900, buyers: 'both' },
  { description: 'Toner-Kartusche schwarz', unit: 'C62', euros: [39, 129], steps: [1, 6], stepMilli: 1000, vat: 1900, buyers: 'business' },
  { description: 'Bürostuhl, ergonomisch', unit: 'C62', euros: [189, 549], steps: [1, 4], stepMilli: 1000, vat: 1900, buyers: 'both' },
  { description: 'Schreibtisch, höhenverstellbar', unit: 'C62', euros: [399, 899], steps: [1, 3], stepMilli: 1000, vat: 1900, buyers: 'business' },
  { description: 'Notebook 14", inkl. Einrichtung', unit: 'C62', euros: [899, 1699], steps: [1, 3], stepMilli: 1000, vat: 1900, buyers: 'both' },
  { description: 'Monitor 27", QHD', unit: 'C62', euros: [219, 399], steps: [1, 4], stepMilli: 1000, vat: 1900, buyers: 'both' },
  { description: 'IT-Support vor Ort', unit: 'HUR', euros: [85, 125], steps: [2, 16], stepMilli: 500, vat: 1900, buyers: 'business' },
  { description: 'Fernwartung', unit: 'HUR', euros: [75, 95], steps: [1, 12], stepMilli: 250, vat: 1900, buyers: 'business' },
  { description: 'Wartungsvertrag Server, Monatspauschale', unit: 'MON', euros: [149, 490], steps: [1, 3], stepMilli: 1000, vat: 1900, buyers: 'business' },
  { description: 'Software-Lizenz Office, 12 Monate', unit: 'C62', euros: [99, 129], steps: [1, 20], stepMilli: 1000, vat: 1900, buyers: 'business' },
  { description: 'Netzwerkinstallation, Pauschale', unit: 'C62', euros: [450, 1800], steps: [1, 1], stepMilli: 1000, vat: 1900, buyers: 'business' },
  { description: 'Schulung Tabellenkalkulation, Tagessatz', unit: 'DAY', euros: [690, 1290], steps: [1, 2], stepMilli: 1000, vat: 1900, buyers: 'business' },
  { description: 'Anfahrtspauschale', unit: 'C62', euros: [35, 65], steps: [1, 1], stepMilli: 1000, vat: 1900, buyers: 'both' },
  { description: 'Versandkostenpauschale', unit: 'C62', euros: [5, 9], steps: [1, 1], stepMilli: 1000, vat: 1900, buyers: 'both' },
  { description: 'PC-Reparatur, Arbeitszeit', unit: 'HUR', euros: [55, 79], steps: [1, 6], stepMilli: 500, vat: 1900, buyers: 'consumer' },
  { description: 'Datenrettung Festplatte', unit: 'C62', euros: [149, 399], steps: [1, 1], stepMilli: 1000, vat: 1900, buyers: 'consumer' },
  { description: 'Druckerpatronen, Multipack', unit: 'C62', euros: [29, 59], steps: [1, 3], stepMilli: 1000, vat: 1900, buyers: 'consumer' },
  { description: 'Einrichtung WLAN-Router', unit: 'C62', euros: [69, 99], steps: [1, 1], stepMilli: 1000, vat: 1900, buyers: 'consumer' },
  { description: 'Fachbuch „Datenschutz im Büroalltag“', unit: 'C62', euros: [29, 49], steps: [1, 5], stepMilli: 1000, vat: 700, buyers: 'both' },
  { description: 'Kaffeebohnen Espresso, 1 kg', unit: 'KGM', euros: [14, 24], steps: [1, 10], stepMilli: 1000, vat: 700, buyers: 'business' },
  { description: 'Fachzeitschrift IT-Praxis, Quartalsabo', unit: 'C62', euros: [24, 59], steps: [1, 2], stepMilli: 1000, vat: 700, buyers: 'both' },
];

/** Price endings as shops use them. */
export const CENT_ENDINGS = [0, 0, 0, 50, 90, 95, 99];

export const NET_14: PaymentTermsInput = { kind: 'net', days: 14 };
export const NET_30: PaymentTermsInput = { kind: 'net', days: 30 };
export const SKONTO_2_10_NET_30: PaymentTermsInput = {
  kind: 'net',
  days: 30,
  skonto: [{ percent: '2', days: 10 }],
};
export const SKONTO_3_8_2_14_NET_45: PaymentTermsInput = {
  kind: 'net',
  days: 45,
  skonto: [
    { percent: '3', days: 8 },
    { percent: '2', days: 14 },
  ],
};

export const DISPUTE_REASONS = [
  'Ware beschädigt angekommen',
  'Leistung nicht vollständig erbracht',
  'Preis weicht vom Angebot ab',
  'Lieferung nicht erhalten',
  'Doppelte Berechnung vermutet',
  'Mängelrüge: Gerät nach zwei Tagen defekt',
];
