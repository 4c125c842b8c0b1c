import { ARTICLE_RULE, ARTICLE_SCHEDULE_POLICY } from '@tandem/resources';
import { checkResources } from './check-resources';
import { readJson, readYaml } from './read-documents';

const pair = (name: string) => ({
  apiVersion: 'tandem.dev/v1alpha1',
  kind: 'ClusterPair',
  metadata: { name, namespace: 'appns' },
  spec: { destination: { endpoints: ['https://tandem.dr.example.com'] } },
});

describe('reading and judging resources for the failover service', () => {
  it('says which service keeps each other kind, with the line', () => {
    const checked = checkResources(readYaml(`${ARTICLE_RULE}---\n${ARTICLE_SCHEDULE_POLICY}`, {}));
    expect(checked.pairs).toEqual([]);
    expect(checked.problems.map(({ document, path, line, message }) => ({ document, path, line, message }))).toEqual([
      { document: 1, path: 'kind', line: 2, message: 'the failover service keeps ClusterPair resources only; Rule resources are kept by the snapshot service' },
      { document: 2, path: 'kind', line: 13, message: 'the failover service keeps ClusterPair resources only; SchedulePolicy resources are kept by the scheduler service' },
    ]);
  });

  it('reads JSON, refusing a pair given twice and the kinds it does not keep', () => {
    const checked = checkResources(readJson({ kind: 'List', items: [pair('dr-site'), { kind: 'Migration' }, pair('dr-site')] }, {}));
    expect(checked.pairs.map((p) => [p.document, p.pair.metadata.name])).toEqual([[1, 'dr-site']]);
    expect(checked.problems.map(({ document, message }) => ({ document, message }))).toEqual([
      { document: 2, message: 'the failover service keeps ClusterPair resources only; Migration resources are kept by the coordinator service' },
      { document: 3, message: 'ClusterPair "appns/dr-site" is already in document 1 of this request' },
    ]);
  });

  it('reads the Secrets of a JSON List beside the pairs, numbered with them, and the problems of a bad one', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dr-site-platform', namespace: 'appns' }, stringData: { 'lab-token': 't' } };
    const noNamespace = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'other' }, stringData: { 'lab-token': 't' } };
    const checked = checkResources(readJson({ kind: 'List', items: [secret, pair('dr-site'), noNamespace, { kind: 'Gadget' }] }, {}));
    expect(checked.secrets.map((s) => [s.document, s.secret.metadata.name])).toEqual([[1, 'dr-site-platform']]);
    expect(checked.pairs.map((p) => p.document)).toEqual([2]);
    expect(checked.problems.map(({ document, path }) => ({ document, path }))).toEqual([
      { document: 3, path: 'metadata.namespace' },
      { document: 4, path: 'kind' },
    ]);
    expect(checked.problems[1]!.fix).toBe('write kind: ClusterPair (or apiVersion: v1, kind: Secret for the Secret a pair names)');
  });

  it('reads the Secrets beside the pairs, keeping the lines of the pairs\' problems and refusing a Secret given twice', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: dr-site-platform, namespace: appns}\nstringData: {lab-token: t}\n';
    const badPair = 'apiVersion: tandem.dev/v1alpha1\nkind: ClusterPair\nmetadata: {name: dr-site, namespace: appns}\nspec:\n  destination:\n    endpoints: not-a-list\n';
    const checked = checkResources(readYaml(`${secret}---\n${badPair}---\n${secret}`, {}));
    expect(checked.secrets.map((s) => [s.document, s.secret.metadata.name])).toEqual([[1, 'dr-site-platform']]);
    expect(checked.problems.map(({ document, path, line }) => ({ document, path, line }))).toEqual([
      { document: 2, path: 'spec.destination.endpoints', line: 11 },
      { document: 3, path: 'metadata.name', line: 15 },
    ]);
    const ok = checkResources(readYaml(`${secret}---\n${badPair.replace('not-a-list', '[https://tandem.dr.example.com]')}`, {}));
    expect(ok.problems).toEqual([]);
    expect(ok.secrets).toHaveLength(1);
    expect(ok.pairs.map((p) => p.document)).toEqual([2]);
  });
});
