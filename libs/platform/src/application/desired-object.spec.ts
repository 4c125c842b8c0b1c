import { Annotations, Labels } from '../model/annotations';
import { APPLY_MODE_ANNOTATION } from './apply-mode';
import { contentHashOf } from './content-hash';
import { desiredObject } from './desired-object';
import { build } from './testing/kube-objects.builder';

const options = { migration: 'nightly-20260101', sourceSite: 'east', startApplications: true };

describe('desiredObject', () => {
  it('labels the object with its source site, annotates the migration, and hashes the rest', () => {
    const desired = desiredObject(build.configMap('shop', 'settings'), options);
    expect(desired.metadata.labels).toEqual({ [Labels.migratedFrom]: 'east' });
    expect(desired.metadata.annotations?.[Annotations.migration]).toBe('nightly-20260101');
    expect(desired.metadata.annotations?.[Annotations.contentHash]).toBe(contentHashOf(desired));
    expect(desired.metadata.uid).toBeUndefined();
  });

  it('gives the same hash to the same content in another migration, and another hash to other content', () => {
    const object = build.configMap('shop', 'settings');
    const hash = (o: typeof object, migration: string) => desiredObject(o, { ...options, migration }).metadata.annotations?.[Annotations.contentHash];
    expect(hash(object, 'one')).toBe(hash(object, 'two'));
    expect(hash({ ...object, data: { key: 'changed' } }, 'one')).not.toBe(hash(object, 'one'));
  });

  it('with startApplications false stores workloads inactive, with the original recorded and hashed', () => {
    const desired = desiredObject(build.deployment('shop', 'web', { replicas: 3 }), { ...options, startApplications: false });
    expect(desired.spec).toMatchObject({ replicas: 0 });
    expect(desired.metadata.annotations?.[Annotations.replicas]).toBe('3');
    const started = desiredObject(build.deployment('shop', 'web', { replicas: 3 }), options);
    expect(started.spec).toMatchObject({ replicas: 3 });
    expect(started.metadata.annotations?.[Annotations.contentHash]).not.toBe(desired.metadata.annotations?.[Annotations.contentHash]);
  });

  it('sends only labels, annotations and imagePullSecrets of an object marked to be merged, without the mark', () => {
    const account = build.serviceAccount('shop', 'default', {
      labels: { team: 'a' },
      annotations: { [APPLY_MODE_ANNOTATION]: 'merge' },
      imagePullSecrets: [{ name: 'registry' }],
      automountServiceAccountToken: false,
    });
    const desired = desiredObject(account, options);
    expect(desired).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'default',
        namespace: 'shop',
        labels: { team: 'a', [Labels.migratedFrom]: 'east' },
        annotations: { [Annotations.migration]: options.migration, [Annotations.contentHash]: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
      imagePullSecrets: [{ name: 'registry' }],
    });
  });
});
