import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createLabSite, LabPlatform, type ServerInfo, SiteLayout, stopLabSite } from '@tandem/platform';
import { REGISTER_SCRIPT, REPO_ROOT, tempDir, waitFor } from '@tandem/testing';

const CLI = join(REPO_ROOT, 'apps', 'lab', 'src', 'site', 'lab-site.main.ts');

/**
 * A lab site served by a real `lab-site serve` process, for integration tests of apps and libs: created in a fresh
 * temp directory, disposed of with every pod's process. (libs/platform's own tests use their LabSiteProcess, which
 * can also kill and restart the server: importing this lib from there would be a dependency cycle.)
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

  get layout(): SiteLayout {
    return new SiteLayout(this.dir);
  }

  async platform(): Promise<LabPlatform> {
    return LabPlatform.open(this.dir);
  }

  /** The URL and token a client elsewhere reaches this site's server with: what a platform access Secret holds. */
  async access(): Promise<{ url: string; token: string }> {
    const info = JSON.parse(await readFile(this.layout.serverFile, 'utf8')) as ServerInfo;
    return { url: info.url, token: (await readFile(this.layout.tokenFile, 'utf8')).trim() };
  }

  /** The pod's log, for a failure message. */
  podLog(namespace: string, pod: string): string {
    try {
      return readFileSync(join(this.dir, 'logs', namespace, `${pod}.log`), 'utf8').slice(-3000);
    } catch {
      return '(no log)';
    }
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
        const info = JSON.parse(await readFile(this.layout.serverFile, 'utf8')) as ServerInfo;
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
