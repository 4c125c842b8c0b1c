import { LineCounter, parseAllDocuments } from 'yaml';
import { SecretDocument } from '../model/secret.model';
import { parseFieldPath } from '../problems/field-path';
import { ResourceProblem } from '../problems/resource-problem';
import { isCoreDocument, SecretReadOptions, validateSecret } from '../validate/validate-secret';
import { locateIn } from './yaml-position';

export interface NumberedSecret {
  /** 1-based position of the document in the YAML stream. */
  document: number;
  secret: SecretDocument;
}

export interface ParsedSecrets {
  /** The Secret documents without problems, in order. */
  secrets: NumberedSecret[];
  /** Every problem of every core (`apiVersion: v1`) document, with its line and column. */
  problems: ResourceProblem[];
  /**
   * The numbers of every core document, read here: `parseResourceDocuments` reads only DR kinds and reports these
   * as unknown kinds, so a caller taking both drops its problems for these documents.
   */
  coreDocuments: ReadonlySet<number>;
}

/**
 * The core (`apiVersion: v1`) documents of a multi-document YAML stream, read as Opaque Secrets beside the DR
 * resources of the same stream (numbered the same way: from 1, empty documents counted). Documents that are not
 * core, or not readable YAML, are left to `parseResourceDocuments`.
 */
export function parseSecretDocuments(yamlText: string, options: SecretReadOptions = {}): ParsedSecrets {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(yamlText, { lineCounter, version: '1.2' });
  const out: ParsedSecrets = { secrets: [], problems: [], coreDocuments: new Set() };
  if (!Array.isArray(documents)) return out;
  const core = new Set<number>();
  documents.forEach((doc, i) => {
    const index = i + 1;
    if (doc.errors.length) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      return;
    }
    if (!isCoreDocument(value)) return;
    core.add(index);
    const result = validateSecret(value, options);
    if (result.ok) {
      out.secrets.push({ document: index, secret: result.value });
      return;
    }
    const locate = locateIn(doc, lineCounter);
    out.problems.push(
      ...result.problems.map((p) => {
        const position = p.line === undefined ? locate(parseFieldPath(p.path)) : undefined;
        return { document: index, ...p, ...(position ?? {}) };
      }),
    );
  });
  return { ...out, coreDocuments: core };
}
