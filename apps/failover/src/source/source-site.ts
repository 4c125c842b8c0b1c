import { setTimeout as sleep } from 'node:timers/promises';
import type { DataOf, MigrationTemplate, PrepareSourceForFailover, RestoreSourceAfterFailover, ScheduleRef } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import {
  activateWorkload,
  Annotations,
  checkDomainFence,
  deactivateApplications,
  isPlatformError,
  type ObjectRef,
  type Platform,
  type ResourceOutcome,
  TANDEM_FIELD_MANAGER,
  toApplyable,
} from '@tandem/platform';
import type { OperationOutcome } from '../operations/operation.store';
import { describeError } from '../pairs/with-timeout';
import { lastMileMigration, lastMileName } from './last-mile';
import { callJson } from './tandem-http';

export interface ScaledWorkload {
  kind: string;
  namespace: string;
  name: string;
  replicas: number;
}

export interface SourceSiteOptions {
  domain: string;
  schedulerUrl?: string;
  coordinatorUrl?: string;
  /** How often the pods and the last-mile migration are looked at. */
  pollMs?: number;
  /** Longest wait for the last-mile migration to end. */
  lastMileTimeoutMs?: number;
  /** Longest wait, when scaling back up, for this site's fence to say active (the peer's activation arriving). */
  fenceWaitMs?: number;
}

const API_VERSIONS: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', CronJob: 'batch/v1' };
const RUNS_PODS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const TERMINAL = new Set(['Successful', 'PartialSuccess', 'Failed']);
const PROGRESS_LOG_MS = 5_000;

type Prepare = DataOf<typeof PrepareSourceForFailover>;
type Restore = DataOf<typeof RestoreSourceAfterFailover>;

/** A failure of one step of preparing the source, naming the step. */
class StepFailed extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

const refOfWorkload = (w: { kind: string; namespace: string; name: string }): ObjectRef => ({
  apiVersion: API_VERSIONS[w.kind] ?? 'apps/v1',
  kind: w.kind,
  namespace: w.namespace,
  name: w.name,
});

const describe = (w: { kind: string; namespace: string; name: string }) => `${w.kind} ${w.namespace}/${w.name}`;

/**
 * The source side of a failover, on the site giving the application up: suspend the schedule, scale the
 * application down and wait for its pods to go, run the last-mile migration; and, when the failover does not
 * complete, scale back exactly what was scaled and resume the schedule.
 */
export class SourceSite {
  private readonly pollMs: number;

  constructor(
    private readonly site: Platform,
    private readonly options: SourceSiteOptions,
    private readonly logger: JsonLogger,
  ) {
    this.pollMs = options.pollMs ?? 500;
  }

  async prepare(cmd: Prepare, working: () => void): Promise<OperationOutcome> {
    const schedulerUrl = this.options.schedulerUrl;
    if (schedulerUrl === undefined) {
      return { ok: false, retryable: false, reason: `cannot prepare the source for failover: this site's failover service has no TANDEM_FAILOVER_SCHEDULER_URL, so it cannot suspend schedule ${cmd.schedule.namespace}/${cmd.schedule.name}: set it to this site's scheduler URL` };
    }
    if (cmd.lastMile && this.options.coordinatorUrl === undefined) {
      return { ok: false, retryable: false, reason: `cannot prepare the source for failover: this site's failover service has no TANDEM_FAILOVER_COORDINATOR_URL, so it cannot run the last-mile migration: set it to this site's coordinator URL` };
    }
    const schedule = `${cmd.schedule.namespace}/${cmd.schedule.name}`;
    try {
      await this.setSuspended(schedulerUrl, cmd.schedule, true);
    } catch (error) {
      const notFound = (error as { status?: number }).status === 404;
      return { ok: false, retryable: !notFound, reason: `cannot prepare the source for failover: suspend-schedule failed: ${describeError(error)}${notFound ? `: the failover names schedule ${schedule}, which this site does not have` : ''}` };
    }
    this.logger.info('schedule suspended for failover', { requestId: cmd.requestId, schedule });
    const scaled: ScaledWorkload[] = [];
    try {
      const stopped = await this.scaleDown(cmd, scaled);
      await this.waitForPodsGone(stopped, cmd.releaseTimeoutSeconds * 1000, working);
      const lastMigration = cmd.lastMile ? await this.lastMile(cmd.schedule, working) : undefined;
      return { ok: true, output: { domain: this.options.domain, scheduleSuspended: true, scaledDown: scaled, ...(lastMigration ? { lastMigration } : {}) } };
    } catch (error) {
      const step = error instanceof StepFailed ? error.step : 'scale-down';
      const why = error instanceof Error ? error.message : String(error);
      const undone = await this.undo(scaled, schedulerUrl, cmd.schedule);
      this.logger.warn('preparing the source for failover failed, undone', { requestId: cmd.requestId, step, reason: why, undone });
      return { ok: false, retryable: false, reason: `cannot prepare the source for failover: ${step} failed: ${why}; ${undone}` };
    }
  }

  async restore(cmd: Restore, working: () => void): Promise<OperationOutcome> {
    const schedulerUrl = this.options.schedulerUrl;
    if (schedulerUrl === undefined) {
      return { ok: false, retryable: false, reason: `cannot restore the source: this site's failover service has no TANDEM_FAILOVER_SCHEDULER_URL, so it cannot resume schedule ${cmd.schedule.namespace}/${cmd.schedule.name}: set it, then scale the workloads back up and resume the schedule by hand` };
    }
    try {
      await this.waitUntilUnfenced(working);
    } catch (error) {
      return { ok: false, retryable: true, reason: `cannot restore the source: ${describeError(error)}` };
    }
    const failed: string[] = [];
    const scaledUp: ScaledWorkload[] = [];
    for (const w of cmd.workloads) {
      try {
        await this.activate(w);
        scaledUp.push(w);
      } catch (error) {
        failed.push(`${describe(w)}: ${describeError(error)}`);
      }
    }
    try {
      await this.setSuspended(schedulerUrl, cmd.schedule, false);
    } catch (error) {
      failed.push(`resume schedule ${cmd.schedule.namespace}/${cmd.schedule.name}: ${describeError(error)}`);
    }
    if (failed.length > 0) {
      return { ok: false, retryable: true, reason: `cannot restore the source completely: ${failed.join('; ')}; scale those workloads up and resume the schedule by hand if this keeps failing` };
    }
    this.logger.info('source restored after failover', { requestId: cmd.requestId, workloads: scaledUp.length });
    return { ok: true, output: { domain: this.options.domain, scaledUp, scheduleResumed: true } };
  }

  private async setSuspended(schedulerUrl: string, ref: ScheduleRef, suspend: boolean): Promise<void> {
    await callJson('scheduler', schedulerUrl, 'POST', `/v1/migration-schedules/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}/${suspend ? 'suspend' : 'resume'}`);
  }

  /** Deactivates the workloads of each namespace, recording in `scaled` each one changed with the replicas it had. */
  private async scaleDown(cmd: Prepare, scaled: ScaledWorkload[]): Promise<ObjectRef[]> {
    const selector = Object.keys(cmd.selectors).length > 0 ? { matchLabels: cmd.selectors } : undefined;
    const stopped: ObjectRef[] = [];
    const refused: ResourceOutcome[] = [];
    for (const namespace of cmd.namespaces) {
      let report;
      try {
        report = await deactivateApplications(this.site, namespace, selector ? { selector } : {});
      } catch (error) {
        throw new StepFailed('scale-down', `namespace ${namespace}: ${describeError(error)}`);
      }
      for (const r of report.resources) {
        if (r.outcome === 'failed') {
          refused.push(r);
          continue;
        }
        if (RUNS_PODS.has(r.ref.kind)) stopped.push(r.ref);
        if (r.outcome === 'updated') scaled.push({ kind: r.ref.kind, namespace, name: r.ref.name, replicas: await this.recordedReplicas(r.ref) });
      }
    }
    if (refused.length > 0) {
      throw new StepFailed('scale-down', refused.map((r) => `${describe({ kind: r.ref.kind, namespace: r.ref.namespace ?? '', name: r.ref.name })}: ${r.message ?? r.reason}`).join('; '));
    }
    this.logger.info('application scaled down for failover', { requestId: cmd.requestId, workloads: scaled.map(describe) });
    return stopped;
  }

  /** The replicas a workload had, as deactivation recorded them (0 for a CronJob or a DaemonSet, which have none). */
  private async recordedReplicas(ref: ObjectRef): Promise<number> {
    const object = await this.site.get(ref).catch(() => undefined);
    const recorded = Number(object?.metadata.annotations?.[Annotations.replicas]);
    return Number.isSafeInteger(recorded) && recorded >= 0 ? recorded : 0;
  }

  private async waitForPodsGone(workloads: ObjectRef[], timeoutMs: number, working: () => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let pending = [...workloads];
    let logged = 0;
    for (;;) {
      working();
      const still: ObjectRef[] = [];
      const pods: string[] = [];
      for (const ref of pending) {
        try {
          const status = await this.site.workloadStatus(ref);
          if (status.current > 0) {
            still.push(ref);
            pods.push(`${describe({ kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name })} (${status.current} pod${status.current === 1 ? '' : 's'})`);
          }
        } catch (error) {
          if (isPlatformError(error, 'NotFound')) continue;
          still.push(ref);
          pods.push(`${ref.kind} ${ref.namespace}/${ref.name} (status unreadable: ${describeError(error)})`);
        }
      }
      pending = still;
      if (pending.length === 0) return;
      if (Date.now() >= deadline) {
        throw new StepFailed('wait-for-release', `pods still running after ${timeoutMs / 1000} s (releaseTimeoutSeconds): ${pods.join(', ')}; give them longer or stop them by hand`);
      }
      if (Date.now() - logged >= PROGRESS_LOG_MS) {
        logged = Date.now();
        this.logger.info('waiting for the application to release its volumes', { pods });
      }
      await sleep(this.pollMs);
    }
  }

  private async lastMile(ref: ScheduleRef, working: () => void): Promise<{ name: string; status: string; takenAt?: string; reason?: string }> {
    const schedulerUrl = this.options.schedulerUrl!;
    const coordinatorUrl = this.options.coordinatorUrl!;
    const path = `${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
    let template: MigrationTemplate;
    try {
      template = (await callJson<{ template: MigrationTemplate }>('scheduler', schedulerUrl, 'GET', `/v1/migration-schedules/${path}`)).template;
    } catch (error) {
      throw new StepFailed('last-mile', `cannot read the template of schedule ${ref.namespace}/${ref.name}: ${describeError(error)}`, true);
    }
    const name = lastMileName(ref.name, new Date());
    try {
      await callJson('coordinator', coordinatorUrl, 'POST', '/v1/resources', lastMileMigration(ref.namespace, name, template));
    } catch (error) {
      throw new StepFailed('last-mile', `cannot start Migration ${ref.namespace}/${name}: ${describeError(error)}`, true);
    }
    this.logger.info('last-mile migration started', { migration: `${ref.namespace}/${name}` });
    const deadline = Date.now() + (this.options.lastMileTimeoutMs ?? 570_000);
    let logged = Date.now();
    for (;;) {
      working();
      let view: { status: string; takenAt?: string; reason?: string; step?: string } | undefined;
      try {
        view = await callJson('coordinator', coordinatorUrl, 'GET', `/v1/migrations/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(name)}`);
      } catch (error) {
        this.logger.warn('cannot read the last-mile migration, will look again', { migration: name, err: describeError(error) });
      }
      if (view && TERMINAL.has(view.status)) {
        const result = { name, status: view.status, ...(view.takenAt ? { takenAt: view.takenAt } : {}), ...(view.reason ? { reason: view.reason } : {}) };
        if (view.status !== 'Successful') throw new StepFailed('last-mile', `Migration ${ref.namespace}/${name} ended ${view.status}${view.reason ? `: ${view.reason}` : ''}`);
        return result;
      }
      if (Date.now() >= deadline) throw new StepFailed('last-mile', `Migration ${ref.namespace}/${name} did not end in time (it is ${view?.status ?? 'unreadable'}${view?.step ? `, at ${view.step}` : ''})`);
      if (Date.now() - logged >= PROGRESS_LOG_MS) {
        logged = Date.now();
        this.logger.info('waiting for the last-mile migration', { migration: name, status: view?.status, step: view?.step });
      }
      await sleep(this.pollMs);
    }
  }

  /** Scales back what was scaled and resumes the schedule; says what it did (or could not). */
  private async undo(scaled: ScaledWorkload[], schedulerUrl: string, ref: ScheduleRef): Promise<string> {
    const problems: string[] = [];
    let back = 0;
    for (const w of scaled) {
      try {
        await this.activate(w);
        back += 1;
      } catch (error) {
        problems.push(`${describe(w)} could not be scaled back up (${describeError(error)})`);
      }
    }
    try {
      await this.setSuspended(schedulerUrl, ref, false);
    } catch (error) {
      problems.push(`schedule ${ref.namespace}/${ref.name} could not be resumed (${describeError(error)})`);
    }
    const done = `scaled ${back} of ${scaled.length} workload(s) back up`;
    return problems.length === 0 ? `${done} and resumed the schedule` : `${done}; ${problems.join('; ')}: do that by hand`;
  }

  /** Puts one workload's recorded replicas (suspend, node selector) back; false when there was nothing recorded. */
  private async activate(w: { kind: string; namespace: string; name: string }): Promise<boolean> {
    await checkDomainFence(this.site);
    const current = await this.site.get(refOfWorkload(w));
    if (current === undefined) return false;
    const before = toApplyable(current);
    const next = activateWorkload(before);
    if (JSON.stringify(next) === JSON.stringify(before)) return false;
    await this.site.apply(next, { fieldManager: TANDEM_FIELD_MANAGER, force: true });
    return true;
  }

  private async waitUntilUnfenced(working: () => void): Promise<void> {
    const deadline = Date.now() + (this.options.fenceWaitMs ?? 20_000);
    for (;;) {
      try {
        await checkDomainFence(this.site);
        return;
      } catch (error) {
        if (!isPlatformError(error, 'Forbidden') || Date.now() >= deadline) throw error;
      }
      working();
      await sleep(this.pollMs);
    }
  }
}
