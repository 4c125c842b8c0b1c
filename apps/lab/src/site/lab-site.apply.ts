import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { isPlatformError, type KubeObject, type Platform, type ResourceType, groupOf } from '@tandem/platform';

export interface ApplyFileOptions {
  file: string;
  namespace: string | undefined;
  fieldManager: string;
  force: boolean;
  dryRun: boolean;
}

/**
 * `kubectl apply --server-side -f` for a lab site: every document of a multi-document YAML file in order,
 * namespaced ones in the document's namespace, else `-n`, else `default`. A failing document is reported
 * (its index, kind and name, then the site's message) and the others are still applied. Returns the number
 * of documents that failed.
 */
export async function applyFile(platform: Platform, options: ApplyFileOptions, out: (text: string) => void): Promise<number> {
  const text = options.file === '-' ? await readStdin() : await readFile(options.file, 'utf8');
  let types = await platform.discover();
  let failed = 0;
  const documents = parseAllDocuments(text);
  for (const [index, document] of documents.entries()) {
    const label = `document ${index + 1}`;
    if (document.errors.length > 0) {
      out(`${label}: not valid YAML: ${document.errors[0]?.message}\n`);
      failed++;
      continue;
    }
    const object = document.toJS() as KubeObject | null;
    if (object === null || object === undefined) continue;
    const what = `${label} (${typeof object.kind === 'string' ? object.kind : 'no kind'} ${typeof object.metadata?.name === 'string' ? object.metadata.name : 'no name'})`;
    try {
      if (typeof object !== 'object' || Array.isArray(object)) throw new Error('not an object');
      let type = typeOf(types, object);
      if (!type && typeof object.kind === 'string') {
        types = await platform.discover();
        type = typeOf(types, object);
      }
      setNamespace(object, type, options.namespace);
      const before = type ? await platform.get({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) }) : undefined;
      const after = await platform.apply(object, { fieldManager: options.fieldManager, force: options.force, dryRun: options.dryRun });
      const verb = !before ? 'created' : before.metadata.resourceVersion === after.metadata.resourceVersion ? 'unchanged' : 'configured';
      const group = groupOf(after.apiVersion);
      out(`${after.kind.toLowerCase()}${group ? `.${group}` : ''}/${after.metadata.name} ${verb}${options.dryRun ? ' (server dry run)' : ''}\n`);
      if (after.kind === 'CustomResourceDefinition') types = await platform.discover();
    } catch (error) {
      failed++;
      out(`${what}: ${isPlatformError(error) ? `${error.reason}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed;
}

function typeOf(types: ResourceType[], object: KubeObject): ResourceType | undefined {
  const group = typeof object.apiVersion === 'string' ? groupOf(object.apiVersion) : '';
  return types.find((type) => type.kind === object.kind && type.group === group);
}

function setNamespace(object: KubeObject, type: ResourceType | undefined, flag: string | undefined): void {
  if (!object.metadata || typeof object.metadata !== 'object') return;
  if (type && !type.namespaced) return;
  const own = object.metadata.namespace;
  if (own !== undefined && flag !== undefined && own !== flag) {
    throw new Error(`the namespace from the provided object "${own}" does not match the namespace "${flag}": pass -n ${own}, or leave -n out`);
  }
  object.metadata.namespace = own ?? flag ?? 'default';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
