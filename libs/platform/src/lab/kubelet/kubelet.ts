import { rm } from 'node:fs/promises';
import { constants } from 'node:os';
import type { KubeObject } from '../../model/kube-object';
import { PlatformError } from '../../platform.errors';
import type { ExecResult } from '../../platform.port';
import { stretchedVolumeFence } from '../admission/stretched-volume.fence';
import { kubeTime } from '../api/object-meta';
import type { Controller, ControllerContext } from '../controllers/controller-context';
import { Kinds } from '../types/builtin-types';
import type { LabLogger } from '../util/lab-logger';
import { isMap, mapAt, numberAt, stringAt } from '../util/json-value';
import { runInContainer } from './exec-runner';
import { containerOf, launchSpecOf } from './launch-spec';
import { PodConfigError } from './pod-config.error';
import { readProcStat, signalGroup } from './proc-stat';
import { PodRuntime, PodRuntimeStore, type Termination } from './pod-runtime';
import { podStatus } from './pod-status';
import { launchProcess, stopProcess } from './process-launcher';
import { probeOnce, probeTiming, recordProbe } from './prober';

const CONFIG_RETRY_MS = 1_000;
const MAX_BACKOFF_RESET_MS = 600_000;

/**
 * The lab's kubelet: runs each pod on the node as a local process (its first container), restarts it with
 * exponential backoff as its restartPolicy says, probes its readiness and liveness, stops it gracefully when
 * the pod is deleted, and writes the pod's status. Records every process on disk so that a restarted site
 * re-adopts the ones still running. Never blocks the site on a slow stop or probe: those run in the background.
 */
export class Kubelet implements Controller {
  readonly name = 'kubelet';
  private readonly runtimes = new Map<string, PodRuntime>();
  private readonly store: PodRuntimeStore;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly context: ControllerContext,
    private readonly wake: () => void,
    private readonly log: LabLogger,
  ) {
    this.store = new PodRuntimeStore(context.layout);
  }

  /** Loads the records of a previous run: their processes are re-adopted if still alive, restarted if not. */
  async load(): Promise<void> {
    for (const record of await this.store.loadAll()) this.runtimes.set(`${record.namespace}/${record.name}`, new PodRuntime(record));
  }

  async reconcile(): Promise<boolean> {
    const pods = this.context.api.all(Kinds.pod).filter((pod) => [undefined, this.context.config.node].includes(stringAt(pod, 'spec', 'nodeName')));
    const seen = new Set<string>();
    let changed = false;
    for (const pod of pods) {
      seen.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
      changed = (await this.syncPod(pod)) || changed;
    }
    for (const [key, runtime] of this.runtimes) if (!seen.has(key)) await this.forget(runtime);
    return changed;
  }

  /** Runs `command` in a pod's container (the first by default), in the container's environment. */
  async exec(pod: KubeObject, command: string[], timeoutMs: number, container?: string): Promise<ExecResult> {
    const runtime = this.runtimes.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    const target = containerOf(pod, container);
    if (!target) throw new PlatformError('Invalid', `container ${container} is not valid for pod ${pod.metadata.name}`, { ref: { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace as string, name: pod.metadata.name } });
    if (!runtime?.running || runtime.record.uid !== pod.metadata.uid) {
      const phase = stringAt(pod, 'status', 'phase') ?? 'Pending';
      return { pod: pod.metadata.name, exitCode: null, stdout: '', stderr: `pod ${pod.metadata.name} is not running (phase ${phase})\n`, timedOut: false };
    }
    const first = target === containerOf(pod);
    const launch = first && runtime.launch ? runtime.launch : await launchSpecOf(pod, this.context.api, this.context.layout, { container: String(target['name']), refresh: false });
    if (first) runtime.launch = launch;
    return runInContainer(launch, command, timeoutMs, pod.metadata.name);
  }

  /** Waits for background stops and probes; with `stopPods`, stops every pod's process first. */
  async close(options: { stopPods: boolean }): Promise<void> {
    if (options.stopPods) {
      for (const runtime of this.runtimes.values()) if (runtime.running && !runtime.stopping) this.stop(runtime, 10_000);
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    for (const runtime of this.runtimes.values()) {
      runtime.child?.removeAllListeners('exit');
      if (options.stopPods) {
        runtime.record.pid = undefined;
        await this.store.save(runtime.record);
      }
    }
  }

  private async syncPod(pod: KubeObject): Promise<boolean> {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    let runtime = this.runtimes.get(key);
    if (runtime && runtime.record.uid !== pod.metadata.uid) {
      // A new pod of the same name: the old one's process must be gone before the new one starts (same volumes).
      await this.forget(runtime);
      if (this.runtimes.get(key) === runtime) return false;
      runtime = undefined;
    }
    if (!runtime) {
      runtime = new PodRuntime({ namespace: pod.metadata.namespace as string, name: pod.metadata.name, uid: pod.metadata.uid as string, restartCount: 0, crashes: 0 });
      this.runtimes.set(key, runtime);
    }
    if (pod.metadata.deletionTimestamp !== undefined) return this.terminate(pod, runtime);
    if (runtime.record.pid !== undefined && !runtime.running && !runtime.stopping) {
      this.recordExit(pod, runtime);
      await this.store.save(runtime.record);
    }
    if (!runtime.running && !runtime.record.finished && !runtime.stopping && Date.now() >= (runtime.record.nextStartAt ?? 0)) await this.start(pod, runtime);
    if (runtime.running) this.probe(pod, runtime);
    await this.context.api.setStatus(pod, podStatus(pod, runtime, this.backoff(runtime.record.crashes)));
    return false;
  }

  private async terminate(pod: KubeObject, runtime: PodRuntime): Promise<boolean> {
    if (runtime.running) {
      if (!runtime.stopping) this.stop(runtime, (numberAt(pod, 'metadata', 'deletionGracePeriodSeconds') ?? numberAt(pod, 'spec', 'terminationGracePeriodSeconds') ?? 30) * 1000);
      return false;
    }
    if (runtime.stopping) return false;
    this.runtimes.delete(runtime.key);
    await this.store.remove(runtime.record);
    await rm(this.context.layout.podVolumesDir(runtime.record.uid), { recursive: true, force: true });
    await this.context.api.remove(pod);
    this.log.info('pod gone', { pod: runtime.key });
    return true;
  }

  /** A record without a pod (deleted while the site was down, or replaced): its process is stopped, its record dropped. */
  private async forget(runtime: PodRuntime): Promise<void> {
    if (runtime.running) {
      if (!runtime.stopping) this.stop(runtime, 30_000);
      return;
    }
    if (runtime.stopping) return;
    if (this.runtimes.get(runtime.key) === runtime) this.runtimes.delete(runtime.key);
    await this.store.remove(runtime.record);
    await rm(this.context.layout.podVolumesDir(runtime.record.uid), { recursive: true, force: true });
  }

  private async start(pod: KubeObject, runtime: PodRuntime): Promise<void> {
    const { record } = runtime;
    try {
      const fenced = stretchedVolumeFence(this.context.api, pod);
      if (fenced) throw fenced;
      const launch = await launchSpecOf(pod, this.context.api, this.context.layout);
      const process = await launchProcess(launch, this.context.layout.podLogFile(record.namespace, record.name));
      runtime.child = process.child;
      runtime.exit = undefined;
      process.child.once('exit', (code, signal) => {
        if (runtime.child !== process.child) return;
        runtime.exit = { code, signal };
        this.wake();
      });
      runtime.launch = launch;
      runtime.waiting = undefined;
      runtime.resetProbes();
      const now = kubeTime();
      if (record.startedAt !== undefined) record.restartCount += 1;
      Object.assign(record, { pid: process.pid, startTicks: process.startTicks, startedAt: now, firstStartedAt: record.firstStartedAt ?? now, nextStartAt: undefined });
      await this.store.save(record);
      this.log.info('container started', { pod: runtime.key, pid: process.pid, restartCount: record.restartCount, command: launch.argv });
    } catch (caught) {
      const error = caught instanceof PodConfigError ? caught : new PodConfigError('CreateContainerError', caught instanceof Error ? caught.message : String(caught));
      const again = runtime.waiting?.message === error.message;
      runtime.waiting = { reason: error.reason, message: error.message };
      if (error.reason === 'StartError') {
        record.lastTermination = { exitCode: 128, reason: 'StartError', message: error.message, finishedAt: kubeTime() };
        if (record.startedAt !== undefined) record.restartCount += 1;
        record.startedAt ??= kubeTime();
        record.crashes += 1;
        record.nextStartAt = Date.now() + this.backoff(record.crashes);
      } else {
        record.nextStartAt = Date.now() + CONFIG_RETRY_MS;
      }
      if (!again) this.log.warn('container cannot start', { pod: runtime.key, reason: error.reason, message: error.message });
    }
  }

  private recordExit(pod: KubeObject, runtime: PodRuntime): void {
    const { record } = runtime;
    const exit = runtime.exit;
    const finishedAt = kubeTime();
    const termination: Termination = exit
      ? { exitCode: exit.code ?? 128 + (exit.signal ? (constants.signals[exit.signal] ?? 0) : 0), ...(exit.signal ? { signal: exit.signal } : {}), reason: exit.code === 0 ? 'Completed' : 'Error', startedAt: record.startedAt as string, finishedAt }
      : { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'the process ended while the lab site was not its parent (after a site restart): its exit code is unknown', startedAt: record.startedAt as string, finishedAt };
    const ranMs = Date.now() - Date.parse(record.startedAt ?? finishedAt);
    // A container ends with its main process: whatever it left running in its process group goes too.
    const stat = record.pid === undefined ? undefined : readProcStat(record.pid);
    if (record.pid !== undefined && (!stat || stat.startTicks === record.startTicks)) signalGroup(record.pid, 'SIGKILL');
    Object.assign(record, { pid: undefined, startTicks: undefined, lastTermination: termination });
    runtime.child = undefined;
    runtime.exit = undefined;
    runtime.resetProbes();
    if (ranMs >= Math.min(MAX_BACKOFF_RESET_MS, 2 * this.context.config.restartBackoff.maxMs)) record.crashes = 0;
    const policy = stringAt(pod, 'spec', 'restartPolicy') ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && termination.exitCode === 0)) {
      record.finished = true;
    } else {
      record.crashes += 1;
      record.nextStartAt = Date.now() + this.backoff(record.crashes);
    }
    this.log.info('container exited', { pod: runtime.key, exitCode: termination.exitCode, reason: termination.reason, restartInMs: record.finished ? undefined : (record.nextStartAt as number) - Date.now() });
  }

  /** The delay before the next restart: none after the first failure, then doubling from the initial backoff up to the max. */
  private backoff(crashes: number): number {
    const { initialMs, maxMs } = this.context.config.restartBackoff;
    return crashes <= 1 ? 0 : Math.min(maxMs, initialMs * 2 ** (crashes - 2));
  }

  private stop(runtime: PodRuntime, graceMs: number): void {
    const { pid, startTicks } = runtime.record;
    if (pid === undefined) return;
    const child = runtime.child;
    const exited = (): boolean => child !== undefined && runtime.exit !== undefined;
    this.log.info('stopping container', { pod: runtime.key, pid, graceMs });
    runtime.stopping = this.track(
      stopProcess({ pid, startTicks: startTicks ?? '', exited }, graceMs)
        .catch((error: unknown) => this.log.warn('could not stop a container', { pod: runtime.key, pid, error: String(error) }))
        .finally(() => {
          runtime.stopping = undefined;
          this.wake();
        }),
    );
  }

  private probe(pod: KubeObject, runtime: PodRuntime): void {
    const container = containerOf(pod);
    if (!runtime.launch && (container?.['readinessProbe'] || container?.['livenessProbe'])) {
      // A process re-adopted after a site restart: its environment is worked out again for the probes.
      if (!runtime.readiness.running) {
        runtime.readiness.running = true;
        this.track(
          launchSpecOf(pod, this.context.api, this.context.layout, { refresh: false })
            .then((launch) => {
              runtime.launch ??= launch;
            })
            .catch((error: unknown) => this.log.warn('cannot probe a re-adopted container', { pod: runtime.key, error: String(error) }))
            .finally(() => {
              runtime.readiness.running = false;
              this.wake();
            }),
        );
      }
      return;
    }
    const readiness = mapAt(container, 'readinessProbe');
    if (!readiness) runtime.ready = true;
    else this.runProbe(pod, runtime, readiness, 'readiness');
    const liveness = mapAt(container, 'livenessProbe');
    if (liveness) this.runProbe(pod, runtime, liveness, 'liveness');
  }

  private runProbe(pod: KubeObject, runtime: PodRuntime, probe: Record<string, unknown>, kind: 'readiness' | 'liveness'): void {
    const state = runtime[kind];
    const timing = probeTiming(probe);
    const now = Date.now();
    if (state.running || !runtime.launch) return;
    if (state.nextAt === 0) state.nextAt = Date.parse(runtime.record.startedAt ?? '') + timing.initialDelayMs;
    if (now < state.nextAt) return;
    state.running = true;
    const pid = runtime.record.pid;
    const container = containerOf(pod) ?? {};
    this.track(
      probeOnce(probe, isMap(container) ? container : {}, runtime.launch, pod.metadata.name, timing.timeoutMs)
        .catch(() => false)
        .then((passed) => {
          if (runtime.record.pid !== pid) return;
          if (kind === 'readiness') {
            const before = runtime.ready;
            runtime.ready = recordProbe(state, passed, runtime.ready, probe);
            if (before !== runtime.ready) this.wake();
          } else if (!recordProbe(state, passed, true, probe) && !runtime.stopping) {
            this.log.warn('liveness probe failed: restarting the container', { pod: runtime.key });
            this.stop(runtime, (numberAt(pod, 'spec', 'terminationGracePeriodSeconds') ?? 30) * 1000);
          }
        })
        .finally(() => {
          state.running = false;
          state.nextAt = Date.now() + timing.periodMs;
        }),
    );
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }
}
