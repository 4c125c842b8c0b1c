import { applyJsonPatch, JsonPatchError, type JsonPatchOperation } from './json-patch';
import { parsePointer, pointerProblem } from './json-pointer';

/** The examples of RFC 6902, Appendix A, as [document, patch, result]. */
const RFC_EXAMPLES: [string, unknown, JsonPatchOperation[], unknown][] = [
  ['A.1 adding an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
  ['A.2 adding an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
  ['A.3 removing an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
  ['A.4 removing an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
  ['A.5 replacing a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
  [
    'A.6 moving a value',
    { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  ],
  ['A.7 moving an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
  [
    'A.8 testing a value: success',
    { baz: 'qux', foo: ['a', 2, 'c'] },
    [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    { baz: 'qux', foo: ['a', 2, 'c'] },
  ],
  ['A.10 adding a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
  ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
  ['A.16 adding an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
];

describe('applyJsonPatch', () => {
  it.each(RFC_EXAMPLES)('RFC 6902 %s', (_name, document, patch, expected) => {
    expect(applyJsonPatch(document, patch)).toEqual(expected);
  });

  it('fails the examples RFC 6902 says must fail, naming the operation', () => {
    expect(() => applyJsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }])).toThrow('patch[0] (test /baz): /baz is "qux", not "bar"'); // A.9
    expect(() => applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }])).toThrow('patch[0] (add /baz/bat): /baz does not exist'); // A.12
    expect(() => applyJsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }])).toThrow(JsonPatchError); // A.15
  });

  it('reads ~1 as "/" and ~0 as "~" in pointers, e.g. to set an annotation whose key has a slash', () => {
    const object = { metadata: { annotations: { 'example.com/a~b': 'old' } } };
    const patched = applyJsonPatch(object, [{ op: 'replace', path: '/metadata/annotations/example.com~1a~0b', value: 'new' }]);
    expect(patched).toEqual({ metadata: { annotations: { 'example.com/a~b': 'new' } } });
  });

  it('appends with "-" and copies values without sharing them', () => {
    const patched = applyJsonPatch({ list: [{ a: 1 }] }, [
      { op: 'copy', from: '/list/0', path: '/list/-' },
      { op: 'replace', path: '/list/1/a', value: 2 },
    ]);
    expect(patched).toEqual({ list: [{ a: 1 }, { a: 2 }] });
  });

  it('replaces the whole document at the empty pointer', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 });
  });

  it('never changes the input, even when a later operation fails (all or nothing)', () => {
    const document = { spec: { replicas: 3, list: [1, 2] } };
    const before = structuredClone(document);
    expect(() =>
      applyJsonPatch(document, [
        { op: 'replace', path: '/spec/replicas', value: 1 },
        { op: 'remove', path: '/spec/list/0' },
        { op: 'remove', path: '/spec/missing' },
      ]),
    ).toThrow('patch[2] (remove /spec/missing): /spec/missing does not exist');
    expect(document).toEqual(before);
  });

  it('refuses what RFC 6902 forbids: replacing or removing what is not there, indexes past the end, leading zeros, moving into itself', () => {
    const cases: [JsonPatchOperation, string][] = [
      [{ op: 'replace', path: '/nope', value: 1 }, '/nope does not exist'],
      [{ op: 'add', path: '/list/3', value: 1 }, '/list/3 does not exist (the array has 2 elements)'],
      [{ op: 'remove', path: '/list/2' }, '/list/2 does not exist (the array has 2 elements)'],
      [{ op: 'add', path: '/list/01', value: 1 }, '"01" is not an array index'],
      [{ op: 'remove', path: '/list/-' }, '"-" (after the last element) can only be added to'],
      [{ op: 'move', from: '/obj', path: '/obj/inner' }, 'cannot move /obj into its own member /obj/inner'],
      [{ op: 'add', path: '/name/x', value: 1 }, '/name is "n", not an object or array'],
      [{ op: 'remove', path: '' }, 'cannot remove the whole document'],
    ];
    for (const [operation, message] of cases) {
      expect(() => applyJsonPatch({ name: 'n', list: [1, 2], obj: {} }, [operation])).toThrow(message);
    }
  });

  it('adds an index equal to the length (the end) and sets "__proto__" as a plain member, not a prototype', () => {
    expect(applyJsonPatch({ list: [1] }, [{ op: 'add', path: '/list/1', value: 2 }])).toEqual({ list: [1, 2] });
    const patched = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(patched)).toEqual(['__proto__']);
  });

  it('compares values in test by JSON equality (member order does not matter, array order does)', () => {
    expect(() => applyJsonPatch({ a: { x: 1, y: [1, 2] } }, [{ op: 'test', path: '/a', value: { y: [1, 2], x: 1 } }])).not.toThrow();
    expect(() => applyJsonPatch({ a: { x: 1, y: [1, 2] } }, [{ op: 'test', path: '/a', value: { x: 1, y: [2, 1] } }])).toThrow(JsonPatchError);
  });
});

describe('JSON pointers', () => {
  it('parses RFC 6901 pointers', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/')).toEqual(['']);
    expect(parsePointer('/a~1b/m~0n/0')).toEqual(['a/b', 'm~n', '0']);
  });

  it('says what is wrong with an invalid pointer', () => {
    expect(pointerProblem('spec/replicas')).toBe('"spec/replicas" does not start with "/"');
    expect(pointerProblem('/a~2')).toMatch(/"~" not followed by 0 or 1/);
    expect(pointerProblem('/a~1b')).toBeUndefined();
  });
});
