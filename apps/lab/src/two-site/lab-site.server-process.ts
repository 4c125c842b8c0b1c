import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLabSite, LabPlatform, type ServerInfo, stopLabSite } from '@tandem/platform';
import { REGISTER_SCRIPT, REPO_ROOT, waitFor } from '@tandem/testing';

const CLI = join(REPO_ROOT, 'apps', 'lab', 'src', 'site', 'lab-site.main.ts');

/** A lab site of the two-site lab, made in `dir` and served by its own `lab-site serve` process. */
export class LabSiteServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private killed = false;

  private constructor(
    readonly name: string,
    readonly dir: string,
    readonly logFile: string,
  ) {}

  /**
   * Makes the site (crashed pods restart after 1 s, doubling up to 8 s) and serves it; resolves once it answers.
   * With `stretchedDir`, the site belongs to the metro group sharing that directory (the storage class `lab-stretched`).
   */
  static async create(name: string, dir: string, logFile: string, options: { stretchedDir?: string } = {}): Promise<LabSiteServer> {
    await createLabSite(dir, { name, restartBackoff: { initialMs: 1_000, maxMs: 8_000 }, ...(options.stretchedDir === undefined ? {} : { stretchedDir: options.stretchedDir }) });
    const site = new LabSiteServer(name, dir, logFile);
    await site.start();
    return site;
  }

  platform(): Promise<LabPlatform> {
    return LabPlatform.open(this.dir);
  }

  /** The server and every pod's process stopped (SIGTERM, SIGKILL after the grace period); the site's files stay. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.killed) return;
    await stopLabSite(this.dir, { graceMs });
    await this.exited;
  }

  /** Pid of the `lab-site serve` process. */
  get serverPid(): number | undefined {
    return this.child?.pid;
  }

  /** Pids of the pods' processes as the kubelet recorded them (`state/pods`). */
  podPids(): number[] {
    const pids: number[] = [];
    const root = join(this.dir, 'state', 'pods');
    for (const namespace of safeReaddir(root)) {
      for (const file of safeReaddir(join(root, namespace))) {
        try {
          const { pid } = JSON.parse(readFileSync(join(root, namespace, file), 'utf8')) as { pid?: number };
          if (pid !== undefined) pids.push(pid);
        } catch {
          // Not a record, or removed meanwhile.
        }
      }
    }
    return pids;
  }

  /** Synchronous last resort when this process exits: SIGKILL the server and the process groups of the pods. */
  reap(): void {
    this.child?.kill('SIGKILL');
    for (const pid of this.podPids()) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }

  /**
   * The site dies at once: SIGKILL to the server and to the process group of every pod (a pod the server started
   * while we read is killed too: the server goes first). The site's files stay; stop() has nothing left to do.
   */
  async kill(): Promise<void> {
    this.killed = true;
    const before = this.podPids();
    this.child?.kill('SIGKILL');
    await this.exited;
    for (const pid of new Set([...before, ...this.podPids()])) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }

  /** The last lines a pod printed, for failure messages. */
  podLog(namespace: string, pod: string, chars = 3_000): string {
    try {
      return readFileSync(join(this.dir, 'logs', namespace, `${pod}.log`), 'utf8').slice(-chars);
    } catch {
      return '(no log)';
    }
  }

  private async start(): Promise<void> {
    const child = spawn(process.execPath, ['-r', REGISTER_SCRIPT, CLI, 'serve', this.dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const gone = new AbortController();
    void this.exited.then(() => gone.abort(new Error(`lab-site serve of site ${this.name} exited; its output is in ${this.logFile}`)));
    await waitFor(
      async () => {
        const info = JSON.parse(await readFile(join(this.dir, 'server.json'), 'utf8')) as ServerInfo;
        if (info.pid !== child.pid) return false;
        await (await this.platform()).discover();
        return true;
      },
      { what: `lab site ${this.name} (${this.dir}) to be served`, timeoutMs: 60_000, intervalMs: 200, signal: gone.signal },
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
