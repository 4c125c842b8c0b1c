import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { groupOf, type KubeObject } from '../../model/kube-object';
import type { SiteLayout } from '../site/site-layout';
import type { GroupKind } from '../types/builtin-types';
import { writeFileAtomic } from '../util/atomic-file';

/**
 * The objects of a site: in memory for reads, each also a YAML file under `resources/` so that the site
 * survives its restart. One object per group, kind, namespace and name (the version is the one last written).
 * Not safe for concurrent writers: the site serialises writes.
 */
export class ResourceStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private revision = 0;

  private constructor(private readonly layout: SiteLayout) {}

  static async load(layout: SiteLayout): Promise<ResourceStore> {
    const store = new ResourceStore(layout);
    for (const file of await yamlFiles(layout.resourcesDir)) {
      let object: KubeObject;
      try {
        object = parse(await readFile(file, 'utf8')) as KubeObject;
      } catch (error) {
        throw new Error(`cannot read ${file}: ${(error as Error).message}. Fix or remove the file, then open the site again`, { cause: error });
      }
      store.index(object);
      store.revision = Math.max(store.revision, Number(object.metadata.resourceVersion ?? 0));
    }
    try {
      store.revision = Math.max(store.revision, Number((await readFile(layout.revisionFile, 'utf8')).trim()) || 0);
    } catch {
      // A new site, or one whose counter was never written: the objects' versions are the floor.
    }
    return store;
  }

  /** The next resource version: every write of the site gets a new, larger one (like etcd's revision). */
  nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }

  get(gk: GroupKind, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(typeKey(gk))?.get(objectKey(namespace, name));
  }

  /** Objects of a type, in one namespace or (namespace undefined) all; sorted by namespace and name. */
  list(gk: GroupKind, namespace?: string): KubeObject[] {
    const all = [...(this.objects.get(typeKey(gk))?.values() ?? [])];
    return all
      .filter((object) => namespace === undefined || object.metadata.namespace === namespace)
      .sort((a, b) => objectKey(a.metadata.namespace, a.metadata.name).localeCompare(objectKey(b.metadata.namespace, b.metadata.name)));
  }

  /** Every object of every type (for garbage collection and namespace deletion). */
  all(): KubeObject[] {
    return [...this.objects.values()].flatMap((byName) => [...byName.values()]);
  }

  async put(object: KubeObject): Promise<void> {
    const { namespace, name } = object.metadata;
    await writeFileAtomic(this.layout.resourceFile(groupOf(object.apiVersion), object.kind, namespace, name), stringify(object, { lineWidth: 0 }));
    await writeFileAtomic(this.layout.revisionFile, `${this.revision}\n`);
    this.index(object);
  }

  async remove(gk: GroupKind, namespace: string | undefined, name: string): Promise<void> {
    await rm(this.layout.resourceFile(gk.group, gk.kind, namespace, name), { force: true });
    await writeFileAtomic(this.layout.revisionFile, `${this.revision}\n`);
    this.objects.get(typeKey(gk))?.delete(objectKey(namespace, name));
  }

  private index(object: KubeObject): void {
    const key = typeKey({ group: groupOf(object.apiVersion), kind: object.kind });
    let byName = this.objects.get(key);
    if (!byName) this.objects.set(key, (byName = new Map()));
    byName.set(objectKey(object.metadata.namespace, object.metadata.name), object);
  }
}

function typeKey(gk: GroupKind): string {
  return `${gk.group}|${gk.kind}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

async function yamlFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (entry.name.endsWith('.tmp')) await rm(path, { force: true });
    else if (entry.name.endsWith('.yaml')) files.push(path);
  }
  return files;
}
