import { DrKind } from '../model/resource-meta.model';
import { DrResource } from '../model/dr-resource.model';
import { Findings } from '../problems/findings';
import { ObjectReader } from '../problems/object-reader';
import { readClusterPair } from './validate-cluster-pair';
import { readHeader, ReadOptions } from './validate-metadata';
import { readMigration } from './validate-migration';
import { readMigrationSchedule } from './validate-migration-schedule';
import { readRuleItems } from './validate-rule';
import { readSchedulePolicy } from './validate-schedule-policy';

/** Stork's SchedulePolicy is cluster-scoped; every other DR kind lives in a namespace. */
const NAMESPACED: Record<DrKind, boolean> = {
  ClusterPair: true,
  SchedulePolicy: false,
  MigrationSchedule: true,
  Migration: true,
  Rule: true,
};

export interface CheckedDocument {
  /** Only when there are no problems: nothing half-read leaves here. */
  resource?: DrResource;
  findings: Findings;
}

/** Reads one document as `kind`, collecting every problem. */
export function checkDocument(kind: DrKind, document: unknown, options: ReadOptions = {}): CheckedDocument {
  const findings = new Findings();
  const root = ObjectReader.of(findings, document, [], `a ${kind}`);
  if (!root) return { findings };
  const header = readHeader(root, kind, NAMESPACED[kind], options);
  const resource = readBody(kind, root, header);
  root.finish();
  return findings.ok && resource ? { resource, findings } : { findings };
}

function readBody(kind: DrKind, root: ObjectReader, header: ReturnType<typeof readHeader>): DrResource | undefined {
  switch (kind) {
    case 'ClusterPair':
      return readClusterPair(root, header);
    case 'SchedulePolicy': {
      const policy = readSchedulePolicy(root);
      return header && policy ? { kind, ...header, policy } : undefined;
    }
    case 'MigrationSchedule':
      return readMigrationSchedule(root, header);
    case 'Migration':
      return readMigration(root, header);
    case 'Rule': {
      const rules = readRuleItems(root);
      return header && rules ? { kind, ...header, rules } : undefined;
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`no reader for kind ${String(unreachable)}`);
    }
  }
}
