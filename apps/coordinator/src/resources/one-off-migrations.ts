import type { EntityManager } from 'typeorm';
import type { MigrationTemplate } from '@tandem/contracts';
import type { Migration, ResourceProblem } from '@tandem/resources';
import type { SagaEngine } from '@tandem/saga-runtime';
import { PROTECT_SAGA, protectSagaId, type ProtectInput, protectInput, type StepSagaState } from '@tandem/sagas';
import type { ReadMigration } from './read-documents';

export interface AppliedMigration {
  kind: 'Migration';
  namespace: string;
  name: string;
  /** `created`: its protect saga started now; `unchanged`: the same Migration was started before. */
  action: 'created' | 'unchanged';
}

export type StartOutcome = { ok: true; applied: AppliedMigration[] } | { ok: false; problems: ResourceProblem[] };

/** The template a protect saga runs: the Migration's spec with Stork's defaults written out (the resources lib filled them in). */
export function templateOf(migration: Migration): MigrationTemplate {
  const s = migration.spec;
  return {
    clusterPair: s.clusterPair,
    namespaces: s.namespaces,
    selectors: s.selectors,
    excludeSelectors: s.excludeSelectors,
    includeResources: s.includeResources,
    includeVolumes: s.includeVolumes,
    startApplications: s.startApplications,
    purgeDeletedResources: s.purgeDeletedResources,
    ...(s.preExecRule ? { preExecRule: s.preExecRule } : {}),
    ...(s.postExecRule ? { postExecRule: s.postExecRule } : {}),
    includeOptionalResourceTypes: s.includeOptionalResourceTypes,
  };
}

/**
 * What the coordinator judges beyond the resources lib: a migration name the protect saga can carry (a DNS label),
 * and a migration that moves something. Then the whole input against the saga's schema.
 */
export function judge(read: ReadMigration, firedAt: string): { input: ProtectInput } | { problems: ResourceProblem[] } {
  const { migration, document } = read;
  const place = (path: string, message: string, fix: string): ResourceProblem => ({
    document,
    kind: 'Migration',
    name: migration.metadata.name,
    path,
    ...(read.locate(path) ?? {}),
    message,
    fix,
  });
  const problems: ResourceProblem[] = [];
  const name = migration.metadata.name;
  if (!/^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    problems.push(place('metadata.name', `"${name}" is not a migration name: at most 63 lowercase letters, digits and "-"`, 'give the Migration a shorter name without dots'));
  }
  const template = templateOf(migration);
  if (!template.includeResources && !template.includeVolumes) {
    problems.push(place('spec.includeResources', 'the migration moves nothing: includeResources and includeVolumes are both false', 'set includeResources: true, includeVolumes: true, or both'));
  }
  if (problems.length > 0) return { problems };
  const input = { migration: name, namespace: migration.metadata.namespace!, firedAt, template };
  const checked = protectInput.parse(input, 'migration');
  if (!checked.ok) return { problems: [place('spec', checked.reason, 'correct the Migration so that it can be run')] };
  return { input: checked.value };
}

/**
 * Starts a protect saga per Migration, all in the caller's transaction. The saga id comes from the namespace and
 * name, so the same Migration sent again starts nothing (`unchanged`); a name already used by a run of a schedule,
 * or by a Migration with another spec, is a problem (a Migration is one run: a new run needs a new name).
 */
export async function startMigrations(m: EntityManager, engine: SagaEngine, reads: readonly ReadMigration[], firedAt: string): Promise<StartOutcome> {
  const problems: ResourceProblem[] = [];
  const inputs: { read: ReadMigration; input: ProtectInput }[] = [];
  const seen = new Map<string, number>();
  for (const read of reads) {
    const key = `${read.migration.metadata.namespace}/${read.migration.metadata.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ document: read.document, kind: 'Migration', name: read.migration.metadata.name, path: 'metadata.name', ...(read.locate('metadata.name') ?? {}), message: `Migration "${key}" is already in document ${first} of this request`, fix: 'give each migration once per request' });
      continue;
    }
    seen.set(key, read.document);
    const judged = judge(read, firedAt);
    if ('problems' in judged) problems.push(...judged.problems);
    else inputs.push({ read, input: judged.input });
  }
  if (problems.length > 0) return { ok: false, problems };

  const applied: AppliedMigration[] = [];
  for (const { read, input } of inputs) {
    const sagaId = protectSagaId(input.namespace, input.migration);
    const started = await engine.start({ sagaId, saga: PROTECT_SAGA.name, input }, m);
    if (!started.ok) {
      problems.push(placed(read, 'metadata.name', `${key(input)} cannot be started: ${started.reason}`, 'give the Migration another name'));
      continue;
    }
    if (!started.value.created) {
      const clash = await clashWith(m, sagaId, input);
      if (clash) {
        problems.push(placed(read, clash.path, clash.message, clash.fix));
        continue;
      }
    }
    applied.push({ kind: 'Migration', namespace: input.namespace, name: input.migration, action: started.value.created ? 'created' : 'unchanged' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, applied };
}

const key = (input: ProtectInput) => `Migration ${input.namespace}/${input.migration}`;

function placed(read: ReadMigration, path: string, message: string, fix: string): ResourceProblem {
  return { document: read.document, kind: 'Migration', name: read.migration.metadata.name, path, ...(read.locate(path) ?? {}), message, fix };
}

/** Why an existing saga of the same id is not this Migration sent again; undefined when it is. */
async function clashWith(m: EntityManager, sagaId: string, input: ProtectInput): Promise<{ path: string; message: string; fix: string } | undefined> {
  const rows: { state: StepSagaState<ProtectInput> }[] = await m.query(`SELECT state FROM tandem_saga WHERE id = $1`, [sagaId]);
  const existing = rows[0]?.state.input;
  if (!existing) return undefined;
  if (existing.schedule !== undefined) {
    return {
      path: 'metadata.name',
      message: `${key(input)} is the name of a run of MigrationSchedule "${existing.schedule}"`,
      fix: 'give the Migration another name',
    };
  }
  if (canonical(existing.template) !== canonical(input.template)) {
    return {
      path: 'spec',
      message: `${key(input)} was started before with another spec; a Migration is one run and its spec cannot change`,
      fix: `give it a new name to run it again with this spec (or, once it has finished, delete it: tandemctl delete migration ${input.migration} -n ${input.namespace})`,
    };
  }
  return undefined;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
