import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createLabSite, LabPlatform, type ServerInfo, stopLabSite } from '@tandem/platform';
import { REGISTER_SCRIPT, REPO_ROOT, tempDir, waitFor } from '@tandem/testing';

const CLI = join(REPO_ROOT, 'apps', 'lab', 'src', 'site', 'lab-site.main.ts');

/**
 * A lab site served by a real `lab-site serve` process, created in a fresh temp directory and removed by dispose().
 * (A trimmed copy of libs/platform's LabSiteProcess, which that lib does not export.) These tests run no pods.
 */
export class LabSiteFixture {
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly logFile: string,
  ) {}

  static async create(name: string): Promise<LabSiteFixture> {
    const dir = await tempDir(`lab-${name}`);
    await createLabSite(dir, { name });
    const site = new LabSiteFixture(dir, `${dir}.server.log`);
    await site.start();
    return site;
  }

  /** `TANDEM_PLATFORM` of a service working on this site. */
  get platformSpec(): string {
    return `lab:${this.dir}`;
  }

  async platform(): Promise<LabPlatform> {
    return LabPlatform.open(this.dir);
  }

  async dispose(): Promise<void> {
    await stopLabSite(this.dir, { graceMs: 5_000 });
    await this.exited;
    await rm(this.dir, { recursive: true, force: true });
    await rm(this.logFile, { force: true });
  }

  private async start(): Promise<void> {
    const child = spawn(process.execPath, ['-r', REGISTER_SCRIPT, CLI, 'serve', this.dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const gone = new AbortController();
    void this.exited.then(() => gone.abort(new Error(`lab-site serve exited; its output is in ${this.logFile}`)));
    process.once('exit', () => child.kill('SIGKILL'));
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
