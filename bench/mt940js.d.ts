/** The part of mt940js (no types of its own) the benchmark uses. */
declare module 'mt940js' {
  export interface Transaction {
    amount: number;
    details: string;
    structuredDetails?: Record<string, string>;
  }
  export interface Statement {
    transactions: Transaction[];
  }
  export class Parser {
    parse(text: string): Statement[];
  }
}
