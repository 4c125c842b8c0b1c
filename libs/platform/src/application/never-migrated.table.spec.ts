import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './testing/kube-objects.builder';
import { neverMigratedObject, neverMigratedType, renderNeverMigratedTable } from './never-migrated.table';

describe('what is never migrated', () => {
  it('is in docs/platform.md row for row', () => {
    const docs = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'platform.md'), 'utf8');
    expect(renderNeverMigratedTable().split('\n').filter((row) => !docs.includes(row))).toEqual([]);
  });

  it('tells Events of both groups, EndpointSlices and the root CA ConfigMap apart from what is migrated', () => {
    expect(neverMigratedType({ group: '', kind: 'Event' })).toBeDefined();
    expect(neverMigratedType({ group: 'events.k8s.io', kind: 'Event' })).toBeDefined();
    expect(neverMigratedType({ group: 'discovery.k8s.io', kind: 'EndpointSlice' })).toBeDefined();
    expect(neverMigratedType({ group: 'example.com', kind: 'Event' })).toBeUndefined();
    expect(neverMigratedObject(build.configMap('shop', 'kube-root-ca.crt'))).toBeDefined();
    expect(neverMigratedObject(build.configMap('shop', 'settings'))).toBeUndefined();
  });
});
