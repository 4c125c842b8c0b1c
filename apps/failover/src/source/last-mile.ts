import type { MigrationTemplate } from '@tandem/contracts';
import { STORK_API_VERSION } from '@tandem/resources';

/** `<schedule>-lastmile-<yyyymmddhhmmss>`, the schedule's name shortened so that the whole is a DNS label (≤ 63). */
export function lastMileName(schedule: string, at: Date): string {
  return timestampedName(schedule, 'lastmile', at);
}

/** `<base>-<word>-<yyyymmddhhmmss>` within 63 characters, `base` cut (and its trailing `-` dropped) when need be. */
export function timestampedName(base: string, word: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const suffix = `-${word}-${stamp}`;
  const head = base.slice(0, 63 - suffix.length).replace(/[-.]+$/, '');
  return `${head}${suffix}`;
}

/**
 * The one-off Migration of the last mile: the schedule's template without its pre/post rules (the application is
 * stopped, there is nothing to quiesce), to run on the source's coordinator.
 */
export function lastMileMigration(namespace: string, name: string, template: MigrationTemplate): object {
  const spec: Record<string, unknown> = { ...template };
  delete spec['preExecRule'];
  delete spec['postExecRule'];
  return { apiVersion: STORK_API_VERSION, kind: 'Migration', metadata: { name, namespace }, spec };
}
