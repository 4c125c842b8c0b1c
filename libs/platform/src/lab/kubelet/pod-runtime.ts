import type { ChildProcess } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteLayout } from '../site/site-layout';
import { readJsonFile, writeFileAtomic } from '../util/atomic-file';
import type { LaunchSpec } from './launch-spec';
import { isAlive } from './proc-stat';

export interface Termination {
  exitCode: number;
  signal?: string;
  reason: string;
  message?: string;
  startedAt?: string;
  finishedAt: string;
}

/** What the kubelet records of a pod on disk (`state/pods/<ns>/<pod>.json`), so a restarted site can re-adopt it. */
export interface PodRuntimeRecord {
  namespace: string;
  name: string;
  uid: string;
  pid?: number;
  startTicks?: string;
  /** When the running (or last) process started. */
  startedAt?: string;
  /** When the pod's first process started (`status.startTime`). */
  firstStartedAt?: string;
  restartCount: number;
  /** Consecutive failed runs, for the restart backoff. */
  crashes: number;
  /** Epoch ms before which the container is not restarted (backoff). */
  nextStartAt?: number;
  lastTermination?: Termination;
  /** The container ended for good (restartPolicy Never, or OnFailure after success). */
  finished?: boolean;
}

export interface ProbeState {
  successes: number;
  failures: number;
  nextAt: number;
  running: boolean;
}

/** A pod as the kubelet tracks it: the record, plus what lives only in this server process. */
export class PodRuntime {
  /** The process when this server started it (its exit status is then known). */
  child: ChildProcess | undefined;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  launch: LaunchSpec | undefined;
  waiting: { reason: string; message: string } | undefined;
  ready = false;
  readiness: ProbeState = { successes: 0, failures: 0, nextAt: 0, running: false };
  liveness: ProbeState = { successes: 0, failures: 0, nextAt: 0, running: false };
  stopping: Promise<void> | undefined;
  starting = false;

  constructor(public record: PodRuntimeRecord) {}

  get key(): string {
    return `${this.record.namespace}/${this.record.name}`;
  }

  /** True while the container's process runs. */
  get running(): boolean {
    const { pid, startTicks } = this.record;
    if (pid === undefined) return false;
    if (this.child) return this.child.pid === pid && this.exit === undefined;
    return isAlive(pid, startTicks);
  }

  resetProbes(): void {
    this.ready = false;
    this.readiness = { successes: 0, failures: 0, nextAt: 0, running: false };
    this.liveness = { successes: 0, failures: 0, nextAt: 0, running: false };
  }
}

/** The kubelet's records on disk. */
export class PodRuntimeStore {
  constructor(private readonly layout: SiteLayout) {}

  async loadAll(): Promise<PodRuntimeRecord[]> {
    const records: PodRuntimeRecord[] = [];
    let namespaces: string[];
    try {
      namespaces = await readdir(this.layout.podStateDir);
    } catch {
      return records;
    }
    for (const namespace of namespaces) {
      for (const file of await readdir(join(this.layout.podStateDir, namespace))) {
        if (!file.endsWith('.json')) continue;
        const record = await readJsonFile<PodRuntimeRecord>(join(this.layout.podStateDir, namespace, file));
        if (record) records.push(record);
      }
    }
    return records;
  }

  async save(record: PodRuntimeRecord): Promise<void> {
    await writeFileAtomic(this.layout.podStateFile(record.namespace, record.name), `${JSON.stringify(record, null, 2)}\n`);
  }

  async remove(record: PodRuntimeRecord): Promise<void> {
    await rm(this.layout.podStateFile(record.namespace, record.name), { force: true });
  }
}
