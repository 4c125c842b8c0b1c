import { Document, LineCounter, parseAllDocuments, YAMLError } from 'yaml';
import { DrResource } from '../model/dr-resource.model';
import { claimedIdentity, placeProblem, ProblemPlace } from '../problems/place-problem';
import { ResourceProblem } from '../problems/resource-problem';
import { checkDocument } from '../validate/validate-document';
import { ReadOptions } from '../validate/validate-metadata';
import { documentKind } from './document-kind';
import { locateIn } from './yaml-position';

export interface ParsedResources {
  /** The documents without problems, in order. */
  resources: DrResource[];
  /** Every problem of every document; a document with any problem gives no resource. */
  problems: ResourceProblem[];
  /** Things worth knowing that do not stop a document (a Stork-only field at its default, options Tandem ignores, …). */
  warnings: ResourceProblem[];
}

/**
 * Reads a multi-document YAML stream (what `tandemctl create -f` and `apply -f` take) into DR resources, under
 * either apiVersion. Documents are numbered from 1 in the order written; empty ones are skipped.
 */
export function parseResourceDocuments(yamlText: string, options: ReadOptions = {}): ParsedResources {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(yamlText, { lineCounter, version: '1.2' });
  const out: ParsedResources = { resources: [], problems: [], warnings: [] };
  if (!Array.isArray(documents)) return out;
  documents.forEach((document, i) => readOne(document, i + 1, lineCounter, options, out));
  return out;
}

function readOne(document: Document, index: number, lineCounter: LineCounter, options: ReadOptions, out: ParsedResources): void {
  if (document.errors.length) {
    out.problems.push(...syntaxProblems(document.errors, index));
    return;
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    out.problems.push({ document: index, path: '', message: `the YAML cannot be read: ${(error as Error).message}`, fix: 'write the document without so many aliases (*name)' });
    return;
  }
  if (value === null || value === undefined) return;
  const place: ProblemPlace = { document: index, ...claimedIdentity(value), locate: locateIn(document, lineCounter) };
  const kind = documentKind(value);
  if ('problems' in kind) {
    out.problems.push(...kind.problems.map((p) => placeProblem(p, place)));
    return;
  }
  const { resource, findings } = checkDocument(kind.kind, value, options);
  out.warnings.push(...findings.warnings.map((w) => placeProblem(w, place)));
  if (resource) out.resources.push(resource);
  else out.problems.push(...findings.problems.map((p) => placeProblem(p, place)));
}

/** The first error on each line (the rest are usually the same mistake seen again), with where it is. */
function syntaxProblems(errors: YAMLError[], index: number): ResourceProblem[] {
  const seenLines = new Set<number>();
  const problems: ResourceProblem[] = [];
  for (const error of errors) {
    const position = error.linePos?.[0];
    if (position && seenLines.has(position.line)) continue;
    if (position) seenLines.add(position.line);
    problems.push({
      document: index,
      path: '',
      ...(position ? { line: position.line, column: position.col } : {}),
      message: `the YAML is malformed: ${error.message.split(' at line ')[0]}`,
      fix: SYNTAX_FIXES[error.code] ?? 'correct the YAML at that place',
    });
  }
  return problems;
}

const INDENTATION = 'check the indentation: the fields of one mapping start in the same column, and a nested field is indented further than the field it belongs to';

const SYNTAX_FIXES: Record<string, string> = {
  DUPLICATE_KEY: 'remove or rename one of the two',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: INDENTATION,
  BLOCK_AS_IMPLICIT_KEY: INDENTATION,
  MULTILINE_IMPLICIT_KEY: INDENTATION,
  MISSING_CHAR: 'add the missing character (a closing quote or bracket, or the ": " after a key)',
};
