import type { Io } from '../commands/command-context';
import { ARTICLE_SCHEDULE_POLICY } from '@tandem/resources';
import { runCli } from './run-cli';

/** Runs tandemctl in process with `stdin`; nothing here reaches a service (each case stops before it would). */
async function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), readStdin: async () => stdin, now: () => new Date('2026-11-26T07:30:00Z') };
  const code = await runCli(argv, { io, env: { TANDEM_SCHEDULER_URL: 'http://127.0.0.1:9' }, home: '/nonexistent-home' });
  return { code, stdout, stderr };
}

describe('tandemctl command line', () => {
  it('answers an unknown command with the nearest one and the usage, exit 2', async () => {
    const r = await run(['aply', '-f', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tandemctl: unknown command "aply"; did you mean apply\?\n\ntandemctl: the command line of Tandem/);
    expect(r.stderr).toContain('tandemctl apply -f FILE|- [-n NAMESPACE]');
    expect((await run(['constructor'])).stderr).toMatch(/^tandemctl: unknown command "constructor"/);
    expect((await run(['get', 'toString'])).stderr).toMatch(/^tandemctl: unknown kind "toString"/);
  });

  it("answers a flag the command does not take with that command's usage", async () => {
    const r = await run(['suspend', 'ms', 'x', '-o', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tandemctl: suspend does not take -o\n\nusage: tandemctl suspend migrationschedule NAME\.\.\. \[-n NAMESPACE\]\n/);
  });

  it("answers an unknown flag with the nearest one and the command's usage", async () => {
    const r = await run(['get', 'sp', '--namspace', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tandemctl: unknown flag --namspace; did you mean --namespace\?\n\nusage: tandemctl get clusterpairs\|rules\|schedulepolicies\|/);
  });

  it('answers an unknown kind and an unknown output format with the nearest', async () => {
    expect((await run(['get', 'migrationschedulez'])).stderr).toMatch(/^tandemctl: unknown kind "migrationschedulez"; did you mean migrationschedule\?/);
    expect((await run(['get', 'sp', '-o', 'yml'])).stderr).toMatch(/^tandemctl: -o yml: unknown output format; did you mean yaml\? \(table, wide, yaml, json\)/);
  });

  it('knows the storkctl commands this Tandem does not serve yet, and says which service will', async () => {
    expect(await run(['drill', 'appns'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: not served yet by this Tandem: a drill goes to the failover service, which this tandemctl cannot reach yet\n',
    });
  });

  it('prints every problem of a bad document and sends nothing', async () => {
    const r = await run(['apply', '-f', '-'], ARTICLE_SCHEDULE_POLICY.replace('intervalMinutes: 1', 'intervalMinutes: often').replace('daily:', 'dayly:'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: <stdin>: 2 problems; nothing was applied\n<stdin>:8:\d+: document 1, SchedulePolicy "sched-policy", field policy\.interval\.intervalMinutes\n {2}.+\n {2}fix: .+\n/);
    expect(r.stderr).toMatch(/\n<stdin>:9:\d+: document 1, SchedulePolicy "sched-policy", field policy\.dayly\n/);
  });

  it('says where it looked for a file it cannot read', async () => {
    expect(await run(['apply', '-f', '/nonexistent/x.yaml'])).toEqual({ code: 1, stdout: '', stderr: 'error: cannot read /nonexistent/x.yaml: no such file\n' });
  });
});

describe('tandemctl config view', () => {
  it('says where each setting came from', async () => {
    expect(await run(['config', 'view', '-n', 'appns'])).toEqual({
      code: 0,
      stdout:
        'config file: /nonexistent-home/.config/tandem/config.yaml (not found)\ncontext:     (none)\nnamespace:   appns\n\n' +
        'SERVICE       URL                     FROM\n' +
        'scheduler     http://127.0.0.1:9      TANDEM_SCHEDULER_URL\n' +
        'failover      http://127.0.0.1:8081   the default\n' +
        'snapshot      http://127.0.0.1:8082   the default\n' +
        'replication   http://127.0.0.1:8083   the default\n' +
        'migration     http://127.0.0.1:8084   the default\n' +
        'coordinator   http://127.0.0.1:8085   the default\n',
      stderr: '',
    });
  });
});
