import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describePlatformContract, eventually, suffix } from '../platform.contract';
import { LabSiteProcess } from './fixtures/lab-site.process';
import { LabPlatform } from './client/lab.platform';

// The port's contract against a lab site served by a real `lab-site serve` process: one site for the file,
// a fresh namespace per test.
let site: LabSiteProcess | undefined;
let platform: LabPlatform | undefined;

async function shared(): Promise<{ site: LabSiteProcess; platform: LabPlatform }> {
  site ??= await LabSiteProcess.create('contract');
  platform ??= await site.platform();
  return { site, platform };
}

afterAll(async () => {
  await platform?.close();
  await site?.dispose();
});

describePlatformContract('LabPlatform', async () => {
  const { platform: lab } = await shared();
  const namespace = `contract-${suffix()}`;
  await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { fieldManager: 'tandem-contract' });
  return {
    platform: lab,
    namespace,
    capabilities: { exec: true, runsWorkloads: true },
    cleanup: async () => {
      await lab.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
    },
  };
});

describe('LabPlatform (lab specifics)', () => {
  it('keeps the data of a bound claim in a directory of the site', async () => {
    const { platform: lab, site: labSite } = await shared();
    const namespace = `lab-${suffix()}`;
    await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { fieldManager: 'tandem' });
    await lab.apply({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }, { fieldManager: 'tandem' });
    const [binding] = await eventually(async () => {
      const found = await lab.volumesFor(namespace, ['data']);
      return found[0]?.path ? found : undefined;
    }, 'the claim to be bound');
    expect(binding).toMatchObject({ storageClassName: 'lab-local', node: 'contract-node', volumeName: expect.stringMatching(/^pvc-/) });
    expect(binding?.path?.startsWith(`${labSite.dir}/volumes/`)).toBe(true);
    expect((await stat(binding?.path as string)).isDirectory()).toBe(true);
    await lab.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
  });

  it('connects by URL and token too, and refuses a wrong token with Forbidden', async () => {
    const { site: labSite } = await shared();
    const info = JSON.parse(await readFile(join(labSite.dir, 'server.json'), 'utf8')) as { url: string };
    const token = (await readFile(join(labSite.dir, 'token'), 'utf8')).trim();
    const byUrl = await LabPlatform.connect(info.url, token);
    expect(byUrl).toMatchObject({ adapter: 'lab', site: 'contract' });
    expect((await byUrl.discover()).length).toBeGreaterThan(20);
    const error = await LabPlatform.connect(info.url, 'not-the-token').then(
      () => undefined,
      (e: unknown) => e as Error & { reason?: string },
    );
    expect(error?.reason).toBe('Forbidden');
  });

  it('says which site is down and what to run when its server does not answer', async () => {
    const down = await LabSiteProcess.create('down');
    const client = await down.platform();
    try {
      await down.kill();
      const error = await client.discover().then(
        () => undefined,
        (e: unknown) => e as Error & { reason?: string },
      );
      expect(error?.reason).toBe('Unavailable');
      expect(error?.message).toContain('lab site down');
      expect(error?.message).toContain(`lab-site.main.ts serve ${down.dir}`);
    } finally {
      await down.dispose();
    }
  });
});
