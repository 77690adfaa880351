/**
 * @module transliterate-german
 * German letters spelt out in ASCII, as in addresses and e-mail names: ä → ae, ö → oe, ü → ue, ß → ss.
 */
export function transliterateGerman(text: string): string {
  return text.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}
