import type { AgentJobKind, AgentJobStatus } from '@tandem/contracts';
import type { Sql } from '../fencing/domain-epoch.store';
import type { Job, JobCommand, JobOutcome, JobProgress, JobWaiter } from './job.model';

interface JobRow {
  request_id: string;
  kind: AgentJobKind;
  status: AgentJobStatus;
  domain: string;
  node: string;
  epoch: string;
  command_id: string;
  command: JobCommand;
  waiters: JobWaiter[];
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  checkpoint: unknown;
  bytes_done: string;
  bytes_total: string;
  files_done: string;
  files_total: string;
  output: unknown;
  reason: string | null;
  retryable: boolean | null;
  accepted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const toJob = (r: JobRow): Job => ({
  requestId: r.request_id,
  kind: r.kind,
  status: r.status,
  domain: r.domain,
  node: r.node,
  epoch: Number(r.epoch),
  commandId: r.command_id,
  command: r.command,
  waiters: r.waiters,
  attempts: r.attempts,
  ...(r.next_attempt_at ? { nextAttemptAt: r.next_attempt_at.toISOString() } : {}),
  ...(r.last_error ? { lastError: r.last_error } : {}),
  ...(r.checkpoint !== null ? { checkpoint: r.checkpoint } : {}),
  progress: { bytesDone: Number(r.bytes_done), bytesTotal: Number(r.bytes_total), filesDone: Number(r.files_done), filesTotal: Number(r.files_total) },
  ...(r.output !== null ? { output: r.output } : {}),
  ...(r.reason !== null ? { reason: r.reason } : {}),
  ...(r.retryable !== null ? { retryable: r.retryable } : {}),
  acceptedAt: r.accepted_at.toISOString(),
  ...(r.started_at ? { startedAt: r.started_at.toISOString() } : {}),
  ...(r.finished_at ? { finishedAt: r.finished_at.toISOString() } : {}),
});

/** The agent's jobs in its database; every write takes the transaction it is part of. */
export class JobRepository {
  async find(sql: Sql, requestId: string, opts: { lock?: boolean } = {}): Promise<Job | undefined> {
    const rows = (await sql.query(`SELECT * FROM agent_job WHERE request_id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [requestId])) as JobRow[];
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  async insert(sql: Sql, job: { requestId: string; kind: AgentJobKind; domain: string; node: string; epoch: number; commandId: string; command: JobCommand; waiter: JobWaiter }): Promise<void> {
    await sql.query(
      `INSERT INTO agent_job (request_id, kind, status, domain, node, epoch, command_id, command, waiters)
       VALUES ($1, $2, 'Accepted', $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [job.requestId, job.kind, job.domain, job.node, job.epoch, job.commandId, JSON.stringify(job.command), JSON.stringify([job.waiter])],
    );
  }

  async addWaiter(sql: Sql, requestId: string, waiter: JobWaiter): Promise<void> {
    await sql.query(`UPDATE agent_job SET waiters = waiters || $2::jsonb, updated_at = clock_timestamp() WHERE request_id = $1`, [
      requestId,
      JSON.stringify([waiter]),
    ]);
  }

  /** Jobs of this node that are waiting to run, or were left running by an agent that stopped. */
  async due(sql: Sql, node: string, limit: number): Promise<string[]> {
    const rows = (await sql.query(
      `SELECT request_id FROM agent_job
        WHERE node = $1 AND status IN ('Accepted', 'Running') AND (next_attempt_at IS NULL OR next_attempt_at <= clock_timestamp())
        ORDER BY accepted_at LIMIT $2`,
      [node, limit],
    )) as { request_id: string }[];
    return rows.map((r) => r.request_id);
  }

  async markRunning(sql: Sql, requestId: string): Promise<void> {
    await sql.query(
      `UPDATE agent_job SET status = 'Running', attempts = attempts + 1, next_attempt_at = NULL,
              started_at = coalesce(started_at, clock_timestamp()), updated_at = clock_timestamp()
        WHERE request_id = $1`,
      [requestId],
    );
  }

  async saveProgress(sql: Sql, requestId: string, p: JobProgress): Promise<void> {
    await sql.query(
      `UPDATE agent_job SET bytes_done = $2, bytes_total = $3, files_done = $4, files_total = $5, updated_at = clock_timestamp() WHERE request_id = $1`,
      [requestId, p.bytesDone, p.bytesTotal, p.filesDone, p.filesTotal],
    );
  }

  async saveCheckpoint(sql: Sql, requestId: string, checkpoint: unknown): Promise<void> {
    await sql.query(`UPDATE agent_job SET checkpoint = $2::jsonb, updated_at = clock_timestamp() WHERE request_id = $1`, [requestId, JSON.stringify(checkpoint)]);
  }

  async retryLater(sql: Sql, requestId: string, delayMs: number, error: string): Promise<void> {
    await sql.query(
      `UPDATE agent_job SET next_attempt_at = clock_timestamp() + ($2 || ' milliseconds')::interval, last_error = $3, updated_at = clock_timestamp()
        WHERE request_id = $1`,
      [requestId, String(Math.round(delayMs)), error],
    );
  }

  async finish(sql: Sql, requestId: string, outcome: JobOutcome, progress?: JobProgress): Promise<void> {
    await sql.query(
      `UPDATE agent_job SET status = $2, output = $3::jsonb, reason = $4, retryable = $5, finished_at = clock_timestamp(),
              next_attempt_at = NULL, updated_at = clock_timestamp(),
              bytes_done = coalesce($6, bytes_done), bytes_total = coalesce($7, bytes_total),
              files_done = coalesce($8, files_done), files_total = coalesce($9, files_total)
        WHERE request_id = $1`,
      [
        requestId,
        outcome.ok ? 'Succeeded' : 'Failed',
        outcome.ok ? JSON.stringify(outcome.output) : null,
        outcome.ok ? null : outcome.reason,
        outcome.ok ? null : outcome.retryable,
        progress?.bytesDone ?? null,
        progress?.bytesTotal ?? null,
        progress?.filesDone ?? null,
        progress?.filesTotal ?? null,
      ],
    );
  }

  async list(sql: Sql, filter: { status?: AgentJobStatus; limit: number }): Promise<Job[]> {
    const rows = (await sql.query(
      `SELECT * FROM agent_job WHERE ($1::text IS NULL OR status = $1) ORDER BY accepted_at DESC LIMIT $2`,
      [filter.status ?? null, filter.limit],
    )) as JobRow[];
    return rows.map(toJob);
  }
}
