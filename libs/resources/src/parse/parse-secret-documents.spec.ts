import { parseResourceDocuments } from './parse-resource-documents';
import { parseSecretDocuments } from './parse-secret-documents';
import { validateSecret } from '../validate/validate-secret';

const GENERATED = `apiVersion: v1
kind: Secret
metadata:
  name: dr-site-platform
  namespace: appns
type: Opaque
stringData:
  lab-url: http://127.0.0.1:4100
  lab-token: s3cr3t-token
---
apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata:
  name: dr-site
  namespace: appns
spec:
  destination:
    endpoints: [http://127.0.0.1:4200]
    kubeconfigSecretRef: {name: dr-site-platform}
`;

describe('Secret documents beside DR resources', () => {
  it('reads the Secret that generate clusterpair prints, and leaves the pair to parseResourceDocuments', () => {
    const secrets = parseSecretDocuments(GENERATED);
    expect(secrets.problems).toEqual([]);
    expect([...secrets.coreDocuments]).toEqual([1]);
    expect(secrets.secrets).toEqual([
      {
        document: 1,
        secret: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'dr-site-platform', namespace: 'appns', labels: {}, annotations: {} },
          type: 'Opaque',
          stringData: { 'lab-url': 'http://127.0.0.1:4100', 'lab-token': 's3cr3t-token' },
        },
      },
    ]);
    const resources = parseResourceDocuments(GENERATED);
    expect(resources.resources.map((r) => r.kind)).toEqual(['ClusterPair']);
    expect(new Set(resources.problems.map((p) => p.document))).toEqual(new Set([1]));
  });

  it('takes the namespace from the caller when the document names none, and refuses a Secret with neither', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: access}\ndata: {token: c2VjcmV0}\n';
    expect(parseSecretDocuments(text, { defaultNamespace: 'appns' }).secrets[0]!.secret).toMatchObject({ metadata: { namespace: 'appns' }, data: { token: 'c2VjcmV0' } });
    expect(parseSecretDocuments(text).problems).toEqual([
      expect.objectContaining({ document: 1, kind: 'Secret', name: 'access', path: 'metadata.namespace', line: 3, message: 'a Secret needs a namespace' }),
    ]);
  });

  it('refuses other core kinds, other Secret types and values that are not base64, naming the key and never the value', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: appns}\ndata: {a: b}\n',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: appns}\ntype: kubernetes.io/tls\n',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: access, namespace: appns}\ndata:\n  token: "not base64 at all!"\n  port: 9001\n',
    ].join('---\n');
    const { problems, secrets } = parseSecretDocuments(text);
    expect(secrets).toEqual([]);
    expect(problems.map(({ document, path, line, message }) => ({ document, path, line, message }))).toEqual([
      { document: 1, path: 'kind', line: 2, message: 'ConfigMap is a Kubernetes resource that Tandem does not apply' },
      { document: 2, path: 'type', line: 9, message: 'a Secret of type "kubernetes.io/tls" is not applied by Tandem' },
      { document: 3, path: 'data.token', line: 15, message: 'is not base64' },
      { document: 3, path: 'data.port', line: 16, message: 'expected a string value' },
    ]);
    expect(problems[0]!.fix).toMatch(/kubectl apply -f/);
    expect(JSON.stringify(problems)).not.toMatch(/not base64 at all|9001/);
  });

  it('validates one JSON document the same way', () => {
    expect(validateSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'appns' }, stringData: { k: 'v' } })).toMatchObject({ ok: true });
    const wrong = validateSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'appns' }, extra: 1 });
    expect(wrong).toMatchObject({ ok: false, problems: [{ path: 'extra', message: 'unknown field "extra"' }] });
  });
});
