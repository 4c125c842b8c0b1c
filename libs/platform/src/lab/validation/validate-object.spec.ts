import type { KubeObject } from '../../model/kube-object';
import { isPlatformError, type PlatformErrorReason } from '../../platform.errors';
import { BUILTIN_TYPES } from '../types/builtin-types';
import { checkImmutable } from './immutable-fields';
import { checkEnvelope, checkObject } from './validate-object';

const typeOf = (kind: string) => BUILTIN_TYPES.find((t) => t.kind === kind) as (typeof BUILTIN_TYPES)[number];

function refusal(check: () => void): { reason?: PlatformErrorReason; message: string } {
  try {
    check();
  } catch (error) {
    return { ...(isPlatformError(error) ? { reason: error.reason } : {}), message: (error as Error).message };
  }
  return { message: 'accepted' };
}

const claim = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec });

describe('validation of applied objects', () => {
  it('needs apiVersion, kind and metadata.name before anything else', () => {
    expect(refusal(() => checkEnvelope({ kind: 'ConfigMap', metadata: {} }))).toEqual({ reason: 'Invalid', message: 'ConfigMap: is invalid: apiVersion: Required value; metadata.name: Required value' });
  });

  it('names the field that breaks a rule of its kind', () => {
    expect(refusal(() => checkObject(claim({ accessModes: ['ReadWriteOnce'] }), typeOf('PersistentVolumeClaim'))).message).toContain('spec.resources.requests.storage: Required value');
    expect(refusal(() => checkObject(claim({ accessModes: ['Sometimes'], resources: { requests: { storage: '1Gi' } } }), typeOf('PersistentVolumeClaim'))).message).toContain('spec.accessModes[0]: Unsupported value: "Sometimes"');
    const binding: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' } };
    expect(refusal(() => checkObject(binding, typeOf('ClusterRoleBinding'))).message).toContain('roleRef.kind: Unsupported value: "Role"');
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'Bad_Name', namespace: 'shop' }, data: { key: 'not base64!' } };
    const message = refusal(() => checkObject(secret, typeOf('Secret'))).message;
    expect(message).toContain('metadata.name: Invalid value: "Bad_Name"');
    expect(message).toContain('data["key"]: Invalid value: "not base64!": must be base64');
  });

  it('refuses changes to immutable fields, naming them', () => {
    const sts = (claims: string[], replicas: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' }, spec: { replicas, volumeClaimTemplates: claims.map((name) => ({ metadata: { name } })) } });
    expect(refusal(() => checkImmutable(sts(['data'], 1), sts(['data'], 3), typeOf('StatefulSet'))).message).toBe('accepted');
    expect(refusal(() => checkImmutable(sts(['data'], 1), sts(['data', 'logs'], 1), typeOf('StatefulSet')))).toMatchObject({ reason: 'Immutable', message: expect.stringContaining('spec.volumeClaimTemplates: field is immutable') });
    const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, immutable: true, data });
    expect(refusal(() => checkImmutable(cm({ a: '1' }), cm({ a: '2' }), typeOf('ConfigMap'))).message).toContain('data: field is immutable');
    expect(refusal(() => checkImmutable(claim({ resources: { requests: { storage: '2Gi' } } }), claim({ resources: { requests: { storage: '1Gi' } } }), typeOf('PersistentVolumeClaim')))).toMatchObject({ reason: 'Invalid', message: expect.stringContaining('can not be less than previous value') });
  });
});
