import { uniqueName, waitFor } from '@tandem/testing';
import { describeApplicationMigration, yamlDocuments } from '../application.contract';
import { describeRef, refOf } from '../model/kube-object';
import type { Platform } from '../platform.port';
import { LAB_STORAGE_CLASS } from './controllers/volume.controller';
import { LabSiteProcess } from './fixtures/lab-site.process';

// Two lab sites, each served by its own `lab-site serve` process: the realistic application deployed on one (as
// its owner would, with the lab's kubectl-like apply) and migrated to the other — the same suite the Kubernetes
// adapter runs against two real API servers.
let east: LabSiteProcess | undefined;
let west: LabSiteProcess | undefined;
const platforms: Platform[] = [];

describeApplicationMigration('lab, to a second lab site', async () => {
  [east, west] = await Promise.all([LabSiteProcess.create('east'), LabSiteProcess.create('west')]);
  const [source, destination, owner] = await Promise.all([east.platform(), west.platform(), east.platform()]);
  platforms.push(source, destination, owner);
  await destination.apply(
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast-west' }, provisioner: 'lab.tandem.dev/local' },
    { fieldManager: 'kubectl' },
  );
  return {
    source,
    destination,
    deploy: async (yaml) => {
      for (const object of yamlDocuments(yaml)) {
        await waitFor(() => owner.apply(object, { fieldManager: 'kubectl' }).then(() => true), { what: `${describeRef(refOf(object))} to be applied`, timeoutMs: 60_000 });
      }
    },
    remove: async (ref) => {
      await owner.delete(ref);
    },
    sourceStorageClass: LAB_STORAGE_CLASS,
    destinationStorageClass: 'fast-west',
    suffix: uniqueName('l').toLowerCase().replace(/[^a-z0-9]/g, '').slice(-10),
    cleanup: async () => {
      await Promise.all(platforms.map((platform) => platform.close()));
      await Promise.all([east?.dispose(), west?.dispose()]);
    },
  };
});
