import { Annotations } from '../model/annotations';
import { canonicalJson } from './canonical-json';
import { contentHashOf } from './content-hash';
import { build } from './testing/kube-objects.builder';

describe('canonicalJson', () => {
  it('writes members in name order at every depth, keeps array order, and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined, b: null } })).toBe('{"a":{"b":null,"d":[2,1]},"b":1}');
  });
});

describe('contentHashOf', () => {
  const object = build.configMap('shop', 'settings', { annotations: { note: 'x' } });

  it('is a SHA-256 in hex that does not depend on the order members were written in', () => {
    const reordered = { metadata: { annotations: { note: 'x' }, uid: object.metadata.uid, namespace: 'shop', name: 'settings' }, data: { key: 'value' }, kind: 'ConfigMap', apiVersion: 'v1' };
    expect(contentHashOf(object)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHashOf(reordered)).toBe(contentHashOf(object));
  });

  it('leaves out the migration name and the hash itself, so the next migration of the same content has the same hash', () => {
    const first = { ...object, metadata: { ...object.metadata, annotations: { note: 'x', [Annotations.migration]: 'nightly-1' } } };
    const second = { ...object, metadata: { ...object.metadata, annotations: { note: 'x', [Annotations.migration]: 'nightly-2', [Annotations.contentHash]: 'old' } } };
    expect(contentHashOf(first)).toBe(contentHashOf(second));
    expect(contentHashOf(first)).toBe(contentHashOf(object));
  });

  it('changes when anything else changes', () => {
    expect(contentHashOf({ ...object, data: { key: 'other' } })).not.toBe(contentHashOf(object));
    expect(contentHashOf({ ...object, metadata: { ...object.metadata, annotations: { note: 'y' } } })).not.toBe(contentHashOf(object));
  });
});
