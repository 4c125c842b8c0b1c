import { UnsupportedMediaTypeException } from '@nestjs/common';
import { InvalidInputError } from '@tandem/contracts';
import { validateRule } from '@tandem/resources';
import { readJsonDocuments, type ReadOptions } from './read-documents';
import { readResourcesRequest } from './resources-request';

const readers = {
  yaml: (text: string, options: ReadOptions) => ({ as: 'yaml', body: text, options }),
  json: (body: unknown, options: ReadOptions) => ({ as: 'json', body, options }),
};

describe('readResourcesRequest', () => {
  it('reads YAML and text/plain bodies as YAML, application/json as JSON, with ?namespace= as the default namespace', () => {
    expect(readResourcesRequest('kind: Rule', 'application/yaml; charset=utf-8', 'appns', readers)).toEqual({ as: 'yaml', body: 'kind: Rule', options: { defaultNamespace: 'appns' } });
    expect(readResourcesRequest('kind: Rule', 'text/plain', undefined, readers)).toEqual({ as: 'yaml', body: 'kind: Rule', options: {} });
    expect(readResourcesRequest({ kind: 'Rule' }, 'application/json', undefined, readers)).toEqual({ as: 'json', body: { kind: 'Rule' }, options: {} });
  });

  it('refuses a namespace that is not a namespace name, naming the field', () => {
    expect(() => readResourcesRequest('', 'application/yaml', 'Not_A_Namespace', readers)).toThrow(InvalidInputError);
    expect(() => readResourcesRequest('', 'application/yaml', 'Not_A_Namespace', readers)).toThrow(/namespace.*\(a namespace name, e\.g\. appns\)/);
  });

  it('refuses other content types with 415, saying what to send', () => {
    const attempt = () => readResourcesRequest('a,b', 'text/csv', undefined, readers);
    expect(attempt).toThrow(UnsupportedMediaTypeException);
    expect(attempt).toThrow('send the resources as YAML (Content-Type: application/yaml) or JSON (application/json); got text/csv');
  });
});

describe('readJsonDocuments', () => {
  const kinds = {
    validators: { Rule: validateRule },
    notServed: (kind: string) => ({ message: `no ${kind} here`, fix: `send ${kind} elsewhere` }),
    unknownKindFix: 'write kind: Rule',
  };

  it('numbers the items of a List from 1 and reports kinds the service does not keep, unknown kinds and no kind', () => {
    const read = readJsonDocuments({ kind: 'List', items: [{ kind: 'SchedulePolicy' }, { kind: 'Gadget' }, {}] }, {}, kinds);
    expect(read.documents).toEqual([]);
    expect(read.problems).toEqual([
      { document: 1, kind: 'SchedulePolicy', path: 'kind', message: 'no SchedulePolicy here', fix: 'send SchedulePolicy elsewhere' },
      { document: 2, kind: 'Gadget', path: 'kind', message: 'unknown kind "Gadget"', fix: 'write kind: Rule' },
      { document: 3, path: 'kind', message: 'no kind', fix: 'write kind: Rule' },
    ]);
  });

  it('validates the kinds it keeps and refuses a body that is no object or array', () => {
    const rule = { apiVersion: 'stork.libopenstorage.org/v1alpha1', kind: 'Rule', metadata: { name: 'flush' }, rules: [{ podSelector: { app: 'db' }, actions: [{ type: 'command', value: 'sync' }] }] };
    const read = readJsonDocuments([rule], { defaultNamespace: 'appns' }, kinds);
    expect(read.problems).toEqual([]);
    expect(read.documents.map((d) => [d.document, d.resource.kind, d.resource.metadata.namespace])).toEqual([[1, 'Rule', 'appns']]);
    expect(readJsonDocuments('nope', {}, kinds).problems).toEqual([{ path: '', message: 'the body is not a JSON object or array', fix: 'send one resource, a JSON array of them, or a List with items' }]);
  });
});
