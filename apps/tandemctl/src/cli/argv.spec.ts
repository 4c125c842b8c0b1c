import { checkFlags, parseArgv } from './argv';
import { UsageError } from './cli-errors';
import { nearest } from './nearest';

describe('parseArgv', () => {
  it('reads flags anywhere, in every form kubectl takes', () => {
    const args = parseArgv(['-n', 'appns', 'get', 'ms', '--output=yaml', '-A', '--scheduler-url', 'http://x:1', 'name']);
    expect(args.positionals).toEqual(['get', 'ms', 'name']);
    expect(Object.fromEntries(args.values)).toEqual({ namespace: 'appns', output: 'yaml', schedulerUrl: 'http://x:1' });
    expect([...args.switches]).toEqual(['allNamespaces']);
    expect(parseArgv(['get', 'sp', '-ojson', '-nappns']).values).toEqual(new Map([['output', 'json'], ['namespace', 'appns']]));
  });

  it('takes - as stdin and keeps what follows -- as positionals', () => {
    expect(parseArgv(['apply', '-f', '-']).values.get('filename')).toBe('-');
    expect(parseArgv(['get', '--', '-odd']).positionals).toEqual(['get', '-odd']);
  });

  it('refuses an unknown flag with the nearest known one, and a flag without its value', () => {
    expect(() => parseArgv(['get', 'sp', '--namepsace', 'x'])).toThrow(new UsageError('unknown flag --namepsace; did you mean --namespace?'));
    expect(() => parseArgv(['get', 'sp', '-n'])).toThrow('-n needs a value: -n NAMESPACE');
    expect(() => parseArgv(['get', 'sp', '-n', '-A'])).toThrow('-n needs a value');
    expect(() => parseArgv(['get', '--all-namespaces=yes'])).toThrow('--all-namespaces takes no value');
  });

  it('refuses a flag the command does not take', () => {
    const args = parseArgv(['suspend', 'ms', 'x', '-o', 'yaml']);
    expect(() => checkFlags(args, 'suspend', ['namespace', 'help'])).toThrow(new UsageError('suspend does not take -o', 'suspend'));
  });
});

describe('nearest', () => {
  it('finds a typo, a prefix, and nothing for an unrelated word', () => {
    expect(nearest('aply', ['apply', 'get', 'delete'])).toBe('apply');
    expect(nearest('del', ['apply', 'get', 'delete'])).toBe('delete');
    expect(nearest('migrashunschedule', ['migrationschedule', 'schedulepolicy'])).toBe('migrationschedule');
    expect(nearest('frobnicate', ['apply', 'get', 'delete'])).toBeUndefined();
  });
});
