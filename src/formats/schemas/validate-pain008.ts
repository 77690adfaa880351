/**
 * @module validate-pain008
 * Checks a pain.008.001.08 document against the official ISO 20022 schema kept beside this file
 * (pain.008.001.08.xsd, see README.md), with libxml2's validator compiled to WebAssembly
 * (xmllint-wasm: no native build). Every export is checked before it leaves, so a file the bank's
 * schema check would refuse is never handed out.
 *
 * @example
 * const { valid, errors } = await validatePain008(xml);
 */
import { readFile } from 'node:fs/promises';
import { memoryPages, validateXML } from 'xmllint-wasm';

export const PAIN008_XSD_URL = new URL('./pain.008.001.08.xsd', import.meta.url);

export interface SchemaViolation {
  /** Line in the XML document, when libxml2 named one. */
  line: number | null;
  message: string;
}

let schema: Promise<string> | undefined;

export async function validatePain008(xml: string): Promise<{ valid: boolean; errors: SchemaViolation[] }> {
  schema ??= readFile(PAIN008_XSD_URL, 'utf8');
  const result = await validateXML({
    xml: { fileName: 'pain008.xml', contents: xml },
    schema: { fileName: 'pain.008.001.08.xsd', contents: await schema },
    // A file of many thousand collections needs more than the default 32 MiB.
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  return {
    valid: result.valid,
    errors: result.errors.map((e) => ({ line: e.loc?.lineNumber ?? null, message: e.message })),
  };
}
