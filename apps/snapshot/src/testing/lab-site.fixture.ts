import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createLabSite, LabPlatform, type ServerInfo, stopLabSite } from '@tandem/platform';
import { REGISTER_SCRIPT, REPO_ROOT, tempDir, waitFor } from '@tandem/testing';

const CLI = join(REPO_ROOT, 'apps', 'lab', 'src', 'site', 'lab-site.main.ts');

/**
 * A lab site served by a real `lab-site serve` process: created in a fresh temp directory, disposed of with every
 * pod's process. (A trimmed copy of libs/platform's LabSiteProcess, which apps cannot import by path.)
 */
export class LabSiteFixture {
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly logFile: string,
  ) {}

  static async create(name: string): Promise<LabSiteFixture> {
    const dir = await tempDir(`lab-${name}`);
    await createLabSite(dir, { name, restartBackoff: { initialMs: 1_000, maxMs: 4_000 } });
    const site = new LabSiteFixture(dir, `${dir}.server.log`);
    await site.start();
    return site;
  }

  async platform(): Promise<LabPlatform> {
    return LabPlatform.open(this.dir);
  }

  /** Stops the server and every pod process, and removes the site. */
  async dispose(): Promise<void> {
    await stopLabSite(this.dir, { graceMs: 5_000 });
    await this.exited;
    await rm(this.dir, { recursive: true, force: true });
    await rm(this.logFile, { force: true });
  }

  /** Last resort when the test process exits without dispose(): SIGKILL the process groups of the pods. */
  private killPods(): void {
    const root = join(this.dir, 'state', 'pods');
    for (const namespace of safeReaddir(root)) {
      for (const file of safeReaddir(join(root, namespace))) {
        try {
          const { pid } = JSON.parse(readFileSync(join(root, namespace, file), 'utf8')) as { pid?: number };
          if (pid !== undefined) process.kill(-pid, 'SIGKILL');
        } catch {
          // Gone already, or not a record.
        }
      }
    }
  }

  private async start(): Promise<void> {
    const child = spawn(process.execPath, ['-r', REGISTER_SCRIPT, CLI, 'serve', this.dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const gone = new AbortController();
    void this.exited.then(() => gone.abort(new Error(`lab-site serve exited; its output is in ${this.logFile}`)));
    process.once('exit', () => {
      child.kill('SIGKILL');
      this.killPods();
    });
    await waitFor(
      async () => {
        const info = JSON.parse(await readFile(join(this.dir, 'server.json'), 'utf8')) as ServerInfo;
        if (info.pid !== child.pid) return false;
        await (await this.platform()).discover();
        return true;
      },
      { what: `lab site ${this.dir} to be served`, timeoutMs: 60_000, intervalMs: 200, signal: gone.signal },
    );
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
