import { answeredNotTargeted, inPodsOnly, NOT_TARGETED, shell } from './pod-filter';

describe('running a command in some pods only', () => {
  it('passes the script as an argument (no quoting) and picks the pods by $HOSTNAME', () => {
    expect(inPodsOnly("echo 'it''s' \"$X\"", ['web-1', 'web-2'])).toEqual([
      'sh',
      '-c',
      `case "$HOSTNAME" in web-1|web-2) exec sh -c "$1" ;; esac; echo ${NOT_TARGETED}`,
      'tandem-rule',
      "echo 'it''s' \"$X\"",
    ]);
    expect(shell('nodetool flush')).toEqual(['sh', '-c', 'nodetool flush']);
  });

  it('refuses what is not a pod name, and an empty list', () => {
    expect(() => inPodsOnly('true', ['web-1)', 'x'])).toThrow('"web-1)" is not a pod name');
    expect(() => inPodsOnly('true', [])).toThrow('at least one pod');
  });

  it('recognises a targeted pod that answered as an untargeted one', () => {
    expect(answeredNotTargeted({ exitCode: 0, stdout: `${NOT_TARGETED}\n` })).toBe(true);
    expect(answeredNotTargeted({ exitCode: 1, stdout: `${NOT_TARGETED}\n` })).toBe(false);
    expect(answeredNotTargeted({ exitCode: 0, stdout: 'ok\n' })).toBe(false);
  });
});
