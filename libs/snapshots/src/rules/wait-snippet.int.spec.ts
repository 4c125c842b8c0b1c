import { spawn } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { uniqueName, waitFor } from '@tandem/testing';
import { holdFiles, substituteWait, waitSnippet } from './wait-snippet';

// The snippet run by a real POSIX sh (dash on Debian), as a pod runs it: the placeholder directly in the command,
// inside single quotes handed to another shell (as psql's \! and mysql's SYSTEM do), and inside double quotes.
const HOSTNAME = 'pod-a';

interface Run {
  ended: Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>;
  hasEnded: () => boolean;
}

function run(command: string): Run {
  const started = Date.now();
  const child = spawn('sh', ['-c', command], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOSTNAME }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let closed = false;
  child.once('close', () => (closed = true));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { ended: new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }))), hasEnded: () => closed };
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

describe('the ${WAIT_CMD} snippet in a real sh', () => {
  it.each([
    ['directly in the command', 'echo before; ${WAIT_CMD}; echo after'],
    ['inside single quotes, run by another shell', "echo before; sh -c '${WAIT_CMD}'; echo after"],
    ['inside double quotes', 'echo before; sh -c "${WAIT_CMD}"; echo after'],
  ])('holds until released, then lets the command go on and removes its files: %s', async (_where, command) => {
    const files = holdFiles(uniqueName('snippet'), 0, 0);
    const [held, release] = [files.held, files.release].map((file) => file.replace('$HOSTNAME', HOSTNAME)) as [string, string];
    const running = run(substituteWait(command, waitSnippet(files, 30_000)));
    await waitFor(() => exists(held), { what: `${held} to be created`, timeoutMs: 5_000, intervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(running.hasEnded()).toBe(false);

    const releasedAt = Date.now();
    await writeFile(release, '');
    const ended = await running.ended;
    expect(ended).toMatchObject({ code: 0, stdout: 'before\nafter\n', stderr: '' });
    expect(Date.now() - releasedAt).toBeLessThan(1_000);
    expect(await exists(held)).toBe(false);
    expect(await exists(release)).toBe(false);
  });

  it('lets go by itself after the timeout, saying so on stderr', async () => {
    const files = holdFiles(uniqueName('expires'), 0, 0);
    const ended = await run(substituteWait('${WAIT_CMD}; echo after', waitSnippet(files, 1_000))).ended;
    expect(ended).toMatchObject({ code: 0, stdout: 'after\n', stderr: 'tandem: the hold at WAIT_CMD ended by itself after 1s as nothing released it\n' });
    expect(ended.ms).toBeGreaterThanOrEqual(900);
    expect(ended.ms).toBeLessThan(3_000);
    expect(await exists(files.held.replace('$HOSTNAME', HOSTNAME))).toBe(false);
  });

  it('does not hold when released before it starts', async () => {
    const files = holdFiles(uniqueName('early'), 0, 0);
    await writeFile(files.release.replace('$HOSTNAME', HOSTNAME), '');
    const ended = await run(substituteWait('${WAIT_CMD}', waitSnippet(files, 30_000))).ended;
    expect(ended).toMatchObject({ code: 0, stderr: '' });
    expect(ended.ms).toBeLessThan(1_000);
    expect(await exists(files.release.replace('$HOSTNAME', HOSTNAME))).toBe(false);
  });
});
