import { InvalidInputError } from '@tandem/contracts';
import * as article from '../fixtures/article.fixtures';
import { rule, action } from '../fixtures/builders';
import { valueOf } from '../fixtures/problem-fields';
import * as stork from '../fixtures/stork-examples.fixtures';
import * as tandem from '../fixtures/tandem-examples.fixtures';
import { DrResource } from '../model/dr-resource.model';
import { STORK_API_VERSION, TANDEM_API_VERSION } from '../model/resource-meta.model';
import { parseResourceDocuments } from '../parse/parse-resource-documents';
import { validateRule } from '../validate/validators';
import { toManifest } from './to-manifest';
import { toStorkYaml, toYaml, toYamlDocuments } from './to-yaml';

const { STORK_README_GENERATED_TEMPLATE: _invalidYaml, ...storkExamples } = stork;
const EXAMPLES = { ...article, ...storkExamples, ...tandem };

function read(text: string): DrResource[] {
  const { resources, problems } = parseResourceDocuments(text, { defaultNamespace: 'appns' });
  expect(problems).toEqual([]);
  return resources;
}

const withApiVersion = (resource: DrResource, apiVersion: DrResource['apiVersion']) => ({ ...resource, apiVersion });

describe('parse → toYaml → parse', () => {
  it.each(Object.entries(EXAMPLES))('gives back the same resource: %s', (_, text) => {
    const [resource] = read(text);
    expect(read(toYaml(resource))).toEqual([resource]);
  });

  it('holds for a whole stream written with toYamlDocuments', () => {
    const resources = Object.values(EXAMPLES).flatMap(read);
    expect(read(toYamlDocuments(resources))).toEqual(resources);
  });

  it('holds through JSON (what -o json prints)', () => {
    for (const resource of Object.values(EXAMPLES).flatMap(read)) {
      expect(read(JSON.stringify(toManifest(resource)))).toEqual([resource]);
    }
  });

  it.each(['ARTICLE_SCHEDULE_POLICY', 'ARTICLE_MIGRATION_SCHEDULE', 'ARTICLE_RULE', 'TANDEM_ASYNC_CLUSTER_PAIR', 'TANDEM_METRO_CLUSTER_PAIR', 'TANDEM_RULE', 'TANDEM_MIGRATION_WITH_STATUS'] as const)(
    'converts %s between the two apiVersions without loss',
    (name) => {
      const [resource] = read(EXAMPLES[name]);
      for (const apiVersion of [STORK_API_VERSION, TANDEM_API_VERSION] as const) {
        expect(read(toYaml(resource, apiVersion))).toEqual([withApiVersion(resource, apiVersion)]);
      }
    },
  );

  it("keeps the master key's Secret of an object store through both apiVersions", () => {
    const [resource] = read(`${tandem.TANDEM_ASYNC_CLUSTER_PAIR}    encryptionKeySecretRef:\n      name: dr-keys\n      key: master-key\n`);
    expect(resource!.kind === 'ClusterPair' && resource.objectStore?.encryptionKeySecretRef).toEqual({ name: 'dr-keys', key: 'master-key' });
    expect(toManifest(resource!)).toMatchObject({ spec: { objectStore: { encryptionKeySecretRef: { name: 'dr-keys', key: 'master-key' } } } });
    expect(toManifest(resource!, STORK_API_VERSION)).toMatchObject({ spec: { options: { objectStoreEncryptionKeySecret: 'dr-keys:master-key' } } });
    for (const apiVersion of [STORK_API_VERSION, TANDEM_API_VERSION] as const) {
      expect(read(toYaml(resource!, apiVersion))).toEqual([withApiVersion(resource!, apiVersion)]);
    }
  });

  it('quotes strings Go\'s YAML 1.1 reader would take for booleans or numbers, so kubectl and Stork read what Tandem reads', () => {
    const resource = valueOf(validateRule(rule([{ podSelector: { enabled: 'yes', tier: 'on', port: '5432' }, actions: [action({ value: 'true' })] }])));
    const text = toYaml(resource);
    expect(text).toContain('enabled: "yes"');
    expect(text).toContain('tier: "on"');
    expect(text).toContain('port: "5432"');
    expect(text).toContain('value: "true"');
    expect(read(text)).toEqual([resource]);
  });
});

describe('toYaml', () => {
  it('writes what tandemctl generate clusterpair prints: Tandem\'s form with secret references only', () => {
    const [pair] = read(tandem.TANDEM_ASYNC_CLUSTER_PAIR);
    expect(toYaml(pair)).toBe(`apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata:
  name: dr-site
  namespace: appns
spec:
  mode: async
  destination:
    endpoints:
      - https://tandem.dr-site.example.com:8443
    credentialsSecretRef:
      name: dr-site-tandem-api
    clusterDomain: dr-site
    kubeconfigSecretRef:
      name: dr-site-kubeconfig
      key: kubeconfig
  objectStore:
    type: s3
    bucket: tandem-dr
    endpoint: https://minio.example.com:9000
    region: us-east-1
    prefix: appns
    forcePathStyle: true
    credentialsSecretRef:
      name: tandem-dr-s3
      namespace: tandem-system
`);
  });

  it('refuses to write a Stork pair\'s inline kubeconfig as tandem.dev, and says what to do', () => {
    const [pair] = read(stork.PORTWORX_DOCS_CLUSTER_PAIR);
    expect(() => toYaml(pair, TANDEM_API_VERSION)).toThrow(InvalidInputError);
    expect(() => toYaml(pair, TANDEM_API_VERSION)).toThrow(
      'ClusterPair migrationnamespace/remotecluster cannot be written as tandem.dev/v1alpha1: its spec.config holds the destination\'s kubeconfig inline. ' +
        'Store the kubeconfig in a Secret and set spec.destination.kubeconfigSecretRef, or write the pair as stork.libopenstorage.org/v1alpha1.',
    );
  });
});

describe('toStorkYaml', () => {
  it('writes the article\'s rule the way Stork reads it: under rules:', () => {
    const [resource] = read(article.ARTICLE_RULE);
    const text = toStorkYaml(resource);
    expect(text).toBe(`apiVersion: stork.libopenstorage.org/v1alpha1
kind: Rule
metadata:
  name: cassandra-presnap-rule
  namespace: appns
rules:
  - podSelector:
      app: cassandra
    actions:
      - type: command
        value: nodetool flush
`);
    expect(parseResourceDocuments(text).warnings).toEqual([]);
  });

  it('writes the schedule policy with its policy at the top level and the schedule with every default spelled out', () => {
    expect(toStorkYaml(read(article.ARTICLE_SCHEDULE_POLICY)[0])).toContain('\npolicy:\n  interval:\n    intervalMinutes: 1\n');
    expect(toStorkYaml(read(article.ARTICLE_MIGRATION_SCHEDULE_SUSPENDED)[0])).toBe(`apiVersion: stork.libopenstorage.org/v1alpha1
kind: MigrationSchedule
metadata:
  name: migrationschedule
  namespace: appns
spec:
  template:
    spec:
      clusterPair: dr-site
      namespaces:
        - demo
      includeResources: true
      includeVolumes: false
      startApplications: false
      purgeDeletedResources: false
  schedulePolicyName: sched-policy
  suspend: true
  autoSuspend: false
`);
  });

  it('carries a Tandem pair\'s settings in Stork options', () => {
    const text = toStorkYaml(read(tandem.TANDEM_ASYNC_CLUSTER_PAIR)[0]);
    expect(text).toContain(`  options:
    tandemEndpoints: https://tandem.dr-site.example.com:8443
    tandemCredentialsSecret: dr-site-tandem-api
    tandemKubeconfigSecret: dr-site-kubeconfig:kubeconfig
    clusterDomain: dr-site
    objectStoreType: s3
    objectStoreBucket: tandem-dr
    objectStoreEndpoint: https://minio.example.com:9000
    objectStoreRegion: us-east-1
    objectStorePrefix: appns
    objectStoreForcePathStyle: "true"
    objectStoreCredentialsSecret: tandem-system/tandem-dr-s3
`);
  });

  it('writes a migration nothing has happened to with Stork\'s empty stage', () => {
    const [migration] = read(`${stork.STORK_README_MIGRATION}status: {stage: Initial, status: Pending}\n`);
    expect(toStorkYaml(migration)).toContain('status:\n  stage: ""\n  status: Pending\n');
  });

  it('refuses Tandem-only settings Stork would drop, naming each', () => {
    const [resource] = read(tandem.TANDEM_RULE);
    expect(() => toStorkYaml(resource)).toThrow(
      'Rule pg-presnap cannot be written for Stork without losing rules[0].actions[0].timeout, rules[0].actions[0].retries, rules[0].actions[1].timeout: ' +
        'Stork has no such setting. Remove them, or keep the resource as tandem.dev/v1alpha1.',
    );
    const policy = read('apiVersion: tandem.dev/v1alpha1\nkind: SchedulePolicy\nmetadata: {name: fast}\npolicy: {interval: {intervalSeconds: 5}, timeZone: UTC}\n')[0];
    expect(() => toStorkYaml(policy)).toThrow('without losing policy.interval.intervalSeconds, policy.timeZone');
  });
});
