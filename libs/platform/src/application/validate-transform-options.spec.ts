import { describeOptionsProblem } from './transform-options';
import { assertValidTransformOptions, validateTransformOptions } from './validate-transform-options';

describe('validateTransformOptions', () => {
  it('accepts valid options', () => {
    expect(
      validateTransformOptions({
        namespaceMapping: { shop: 'shop-dr' },
        storageClassMapping: { 'fast.example.com': 'premium' },
        rules: [
          {
            name: 'one-replica',
            match: { kind: 'Deployment', group: 'apps', selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }, { key: 'canary', operator: 'DoesNotExist' }] } },
            patch: [
              { op: 'replace', path: '/spec/replicas', value: 1 },
              { op: 'add', path: '/metadata/annotations/example.com~1dr', value: null },
              { op: 'move', from: '/spec/a', path: '/spec/b' },
              { op: 'test', path: '/metadata/name', value: 'web' },
            ],
          },
        ],
      }),
    ).toEqual([]);
  });

  it('returns every problem at once, each with the rule, the field, what is wrong and what to do', () => {
    const problems = validateTransformOptions({
      namespaceMapping: { a: 'same', b: 'same' },
      storageClassMapping: { fast: 42 },
      rules: [
        { name: 'dup', match: { kind: 'Deployment' }, patch: [{ op: 'replace', path: 'spec/replicas', value: 1 }] },
        {
          name: 'dup',
          match: { kind: 'Service', namespace: 'a', selector: { matchExpressions: [{ key: 'x', operator: 'In' }, { key: 'y', operator: 'Has' }] } },
          patch: [{ op: 'add', path: '/spec/x' }, { op: 'copy', path: '/spec/y' }, { op: 'move', from: '/spec', path: '/spec/inner' }, { op: 'remove', path: '/metadata/name' }, { op: 'frobnicate', path: '/a' }],
        },
      ],
    }).map(describeOptionsProblem);
    expect(problems).toEqual([
      'namespaceMapping["b"]: maps to "same", as "a" does; map each source namespace to a different destination namespace',
      'storageClassMapping["fast"]: 42 is not a valid StorageClass name; map to a StorageClass name: lower-case letters, digits and "-", at most 253 characters',
      'rule 0 "dup": rules[0].patch[0].path: "spec/replicas" does not start with "/"; write a JSON Pointer (RFC 6901) such as "/spec/replicas"',
      'rule 1 "dup": rules[1].name: "dup" is also the name of rules[0]; give each rule its own name',
      'rule 1 "dup": rules[1].match.namespace: "a" is a source namespace that namespaceMapping renames to "same"; rules see destination namespaces: match "same"',
      'rule 1 "dup": rules[1].match.selector.matchExpressions[0].values: is empty, and In needs values; list the label values to compare with',
      'rule 1 "dup": rules[1].match.selector.matchExpressions[1].operator: "Has" is not an operator; use one of In, NotIn, Exists, DoesNotExist',
      'rule 1 "dup": rules[1].patch[0].value: is missing, and add needs one; give the value (null is a value)',
      'rule 1 "dup": rules[1].patch[1].from: is missing or not a string; give a JSON Pointer such as "/spec/replicas"',
      'rule 1 "dup": rules[1].patch[2].path: "/spec/inner" is inside "/spec", which is being moved; move to a path outside the value moved',
      'rule 1 "dup": rules[1].patch[3].path: "/metadata/name" cannot be changed: Tandem identifies objects by apiVersion, kind, name and namespace; patch the fields inside; rename namespaces with namespaceMapping',
      'rule 1 "dup": rules[1].patch[4].op: "frobnicate" is not a JSON Patch operation; use one of add, remove, replace, move, copy, test',
    ]);
  });

  it('says what is wrong with options that are not even shaped right', () => {
    expect(validateTransformOptions('rules').map(describeOptionsProblem)).toEqual(['options: is not an object; give an object with namespaceMapping, storageClassMapping and rules']);
    expect(validateTransformOptions({ rules: {} }).map(describeOptionsProblem)).toEqual(['rules: is not a list; give a list of rules, each { name, match, patch }']);
    expect(validateTransformOptions({ rules: [{ name: 'x', patch: [{ op: 'remove', path: '/a' }] }] }).map(describeOptionsProblem)).toEqual([
      'rule 0 "x": rules[0].match: is missing or not an object; say which objects the rule changes, at least { "kind": "Deployment" }',
    ]);
  });

  it('throws one InvalidInputError listing all problems from assertValidTransformOptions', () => {
    expect(() => assertValidTransformOptions({ namespaceMapping: { '': 'x' }, rules: 3 })).toThrow(
      'the transform options have 2 problem(s):\n' +
        '- namespaceMapping[""]: "" is not a valid namespace name; use lower-case letters, digits and "-", at most 63 characters\n' +
        '- rules: is not a list; give a list of rules, each { name, match, patch }',
    );
  });
});
