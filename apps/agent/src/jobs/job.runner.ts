import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AgentJobProgress } from '@tandem/contracts';
import { describeError, isUnavailable } from '@tandem/bus';
import type { JsonLogger } from '@tandem/observability';
import type { ServiceRuntime } from '@tandem/service';
import type { AgentIdentity } from '../agent.controller';
import { bytesUploaded, jobsFinished } from '../agent.metrics';
import type { WorkProgress } from '../data/data-mover.port';
import type { DomainEpochStore } from '../fencing/domain-epoch.store';
import { StaleEpochError } from '../fencing/stale-epoch.error';
import { jobAnswers } from './job.answers';
import type { JobExecutor } from './job.executor';
import { isOpen, type Job, type JobOutcome } from './job.model';
import type { JobRepository } from './job.repository';
import { ProgressReporter } from './progress.reporter';

export interface JobRunnerOptions {
  concurrency: number;
  maxAttempts: number;
  pollMs: number;
  progressIntervalMs: number;
}

/** Why a job was stopped before its end by the agent itself: it is shutting down; the job resumes at next start. */
class Shutdown extends Error {
  constructor() {
    super('the agent is shutting down');
  }
}

/** Namespace of the advisory locks that keep a job running in one place at a time. */
const JOB_LOCK_CLASS = 7461;

/** Transient: the store or the database was unreachable, or the data path says trying later may work. */
const isTransient = (err: unknown): boolean =>
  isUnavailable(err) || (typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === true);

const backoffMs = (attempt: number): number => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1)) * (0.8 + Math.random() * 0.4);

/**
 * Runs the accepted jobs of this node outside the bus handlers' transactions, a few at a time. Each run holds a
 * Postgres advisory lock (released by the server if the agent dies), so a job never runs twice at once. It watches
 * the domain epoch and stops a job whose epoch was overtaken; it retries transient failures with backoff; it writes
 * the result and the answers in one transaction. On start, and every poll, it picks up jobs left `Running` by an
 * agent that was killed or stopped: the data path finds what they had already uploaded.
 */
export class JobRunner {
  private readonly active = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopping = true;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly identity: AgentIdentity,
    private readonly epochs: DomainEpochStore,
    private readonly jobs: JobRepository,
    private readonly executor: JobExecutor,
    private readonly opts: JobRunnerOptions,
    private readonly logger: JsonLogger,
  ) {}

  start(): void {
    this.stopping = false;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs);
  }

  /** Stops taking jobs and interrupts the running ones; they stay `Running` and resume at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    const running = [...this.active.values()];
    for (const r of running) r.abort.abort(new Shutdown());
    await Promise.allSettled(running.map((r) => r.done));
  }

  /** Runs the job now if a slot is free; otherwise the next poll takes it. */
  kick(requestId: string): void {
    if (this.stopping || this.active.has(requestId) || this.active.size >= this.opts.concurrency) return;
    const abort = new AbortController();
    const done = this.run(requestId, abort)
      .catch((err: unknown) => this.logger.error('job run failed; it will be retried', { requestId, err }))
      .finally(() => {
        this.active.delete(requestId);
        if (!this.stopping) void this.poll();
      });
    this.active.set(requestId, { abort, done });
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopping) return;
    this.polling = true;
    try {
      if (this.active.size >= this.opts.concurrency) return;
      const due = await this.jobs.due(this.runtime.db, this.identity.node, this.opts.concurrency + this.active.size);
      for (const id of due) this.kick(id);
    } catch (err) {
      this.logger.warn('could not look for jobs to run, will look again', { err });
    } finally {
      this.polling = false;
    }
  }

  private async run(requestId: string, abort: AbortController): Promise<void> {
    const lock = this.runtime.db.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = (await lock.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [JOB_LOCK_CLASS, requestId])) as { locked: boolean }[];
      if (!locked) return;
      try {
        await this.execute(requestId, abort);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [JOB_LOCK_CLASS, requestId]).catch(() => undefined);
      }
    } finally {
      await lock.release();
    }
  }

  private async execute(requestId: string, abort: AbortController): Promise<void> {
    const job = await this.runtime.db.transaction(async (m) => {
      const j = await this.jobs.find(m, requestId, { lock: true });
      if (!j || !isOpen(j.status)) return undefined;
      const fence = await this.epochs.stillCurrent(m, j.epoch);
      if (!fence.ok) {
        await this.finishIn(m, j, { ok: false, reason: fence.reason, retryable: false });
        return undefined;
      }
      await this.jobs.markRunning(m, requestId);
      return { ...j, attempts: j.attempts + 1 };
    });
    if (!job) return;
    this.logger.info(job.attempts > 1 || job.status === 'Running' ? 'job resumed' : 'job started', { requestId, kind: job.kind, attempt: job.attempts });

    const reporter = new ProgressReporter(this.opts.progressIntervalMs, (p, at) => this.recordProgress(job, p, at), this.logger);
    const fenceWatch = setInterval(() => {
      this.epochs.stillCurrent(this.runtime.db, job.epoch).then(
        (f) => !f.ok && abort.abort(new StaleEpochError(f.reason)),
        () => undefined,
      );
    }, this.opts.progressIntervalMs);
    try {
      const output = await this.executor.run(job, {
        signal: abort.signal,
        progress: (p) => reporter.report(p),
        checkpoint: job.checkpoint,
        saveCheckpoint: (c) => this.jobs.saveCheckpoint(this.runtime.db, requestId, c),
      });
      await reporter.flushed();
      await this.finish(job, { ok: true, output }, reporter.last);
      this.logger.info('job succeeded', { requestId, kind: job.kind });
    } catch (err) {
      await reporter.flushed();
      const cause: unknown = abort.signal.aborted ? abort.signal.reason : err;
      if (cause instanceof Shutdown) {
        this.logger.info('job interrupted by shutdown; it resumes when the agent starts again', { requestId, kind: job.kind });
        return;
      }
      const reason = describeError(cause);
      const transient = !(cause instanceof StaleEpochError) && isTransient(cause);
      if (transient && job.attempts < this.opts.maxAttempts) {
        const delayMs = backoffMs(job.attempts);
        await this.jobs.retryLater(this.runtime.db, requestId, delayMs, reason);
        this.logger.warn('job failed for now, will try again', { requestId, kind: job.kind, attempt: job.attempts, delayMs, reason });
        return;
      }
      const final = transient ? `${reason} (gave up after ${job.attempts} attempts; TANDEM_AGENT_JOB_MAX_ATTEMPTS=${this.opts.maxAttempts})` : reason;
      await this.finish(job, { ok: false, reason: final, retryable: transient }, reporter.last);
      this.logger.warn('job failed', { requestId, kind: job.kind, reason: final });
    } finally {
      clearInterval(fenceWatch);
    }
  }

  private async recordProgress(job: Job, p: WorkProgress, at: Date): Promise<void> {
    await this.runtime.db.transaction(async (m) => {
      await this.jobs.saveProgress(m, job.requestId, p);
      await this.runtime.outbox.append(m, [
        {
          id: randomUUID(),
          definition: AgentJobProgress,
          data: { requestId: job.requestId, kind: job.kind, domain: this.identity.domain, node: this.identity.node, ...p, at: at.toISOString() },
        },
      ]);
    });
  }

  private finish(job: Job, outcome: JobOutcome, progress?: WorkProgress): Promise<void> {
    return this.runtime.db.transaction(async (m) => {
      const current = await this.jobs.find(m, job.requestId, { lock: true });
      if (!current || !isOpen(current.status)) return;
      await this.finishIn(m, current, outcome, progress);
    });
  }

  /** Records the outcome and answers everyone waiting, in the caller's transaction. */
  private async finishIn(m: EntityManager, job: Job, outcome: JobOutcome, progress?: WorkProgress): Promise<void> {
    await this.jobs.finish(m, job.requestId, outcome, progress);
    await this.runtime.outbox.append(m, jobAnswers(job, job.waiters, outcome, this.identity));
    jobsFinished().inc({ kind: job.kind, status: outcome.ok ? 'Succeeded' : 'Failed' });
    const points = outcome.ok ? (outcome.output as { recoveryPoints?: { bytesUploaded: number }[] }).recoveryPoints : undefined;
    for (const p of points ?? []) bytesUploaded().inc(p.bytesUploaded);
  }
}
