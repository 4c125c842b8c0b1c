import type { KubeObject } from '../model/kube-object';
import type { Platform } from '../platform.port';
import type { ApplicationSelection } from './application-selection';
import { applyApplication } from './apply-application';
import { collectApplication, type CollectedApplication } from './collect-application';
import type { ApplyReport } from './resource-outcome';
import { sanitiseForDestination } from './sanitise-for-destination';
import type { SkippedObject } from './skipped-object';
import { transformApplication } from './transform-application';
import type { TransformOptions } from './transform-options';
import { assertValidTransformOptions } from './validate-transform-options';

export interface MigrateApplicationOptions {
  selection: ApplicationSelection;
  transform?: TransformOptions;
  /** Keep Services' node ports (they may clash on the destination). Default false. */
  keepNodePorts?: boolean;
  /** The migration's name, written on every object it writes. */
  migration: string;
  /** The source site's name, written on every object as `Labels.migratedFrom`. Default: `source.site`. */
  sourceSite?: string;
  startApplications: boolean;
  purgeDeletedResources?: boolean;
  forceConflicts?: boolean;
}

export interface MigrationResult {
  collected: CollectedApplication;
  /** What the destination was asked to hold: sanitised and transformed, before Tandem's labels and annotations. */
  objects: KubeObject[];
  /** Everything left out, by collection, sanitising or transforming, with the reason. */
  skipped: SkippedObject[];
  /** The destination namespaces (after mapping). */
  namespaces: string[];
  report: ApplyReport;
}

/**
 * The resource half of a migration: collect the application on `source`, sanitise it for another site, transform
 * it (namespace and StorageClass mapping, user rules; validated first), and apply it to `destination`.
 */
export async function migrateApplication(source: Platform, destination: Platform, options: MigrateApplicationOptions): Promise<MigrationResult> {
  const transform = options.transform ?? {};
  assertValidTransformOptions(transform);
  const collected = await collectApplication(source, options.selection);
  const sanitised = sanitiseForDestination(collected.objects, { keepNodePorts: options.keepNodePorts });
  const transformed = transformApplication(sanitised.objects, transform);
  const namespaces = collected.namespaces.map((namespace) => transform.namespaceMapping?.[namespace] ?? namespace);
  const report = await applyApplication(destination, transformed.objects, {
    migration: options.migration,
    sourceSite: options.sourceSite ?? source.site,
    startApplications: options.startApplications,
    purgeDeletedResources: options.purgeDeletedResources,
    forceConflicts: options.forceConflicts,
    namespaces,
  });
  return { collected, objects: transformed.objects, skipped: [...collected.skipped, ...sanitised.skipped, ...transformed.skipped], namespaces, report };
}
