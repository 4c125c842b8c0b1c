import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AGENT_JOB_STATUSES, oneOf } from '@tandem/contracts';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { JOB_REPOSITORY } from '../tokens';
import type { Job } from './job.model';
import type { JobRepository } from './job.repository';

/** A job without its command's references (they name secrets' locations, which is nobody's business here). */
type JobView = Omit<Job, 'command' | 'checkpoint'>;
const view = ({ command: _command, checkpoint: _checkpoint, ...rest }: Job): JobView => rest;

@ApiTags('agent')
@Controller('agent/jobs')
export class JobsController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(JOB_REPOSITORY) private readonly jobs: JobRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: "This domain's jobs, newest first, optionally by status (Accepted, Running, Succeeded, Failed)" })
  async list(@Query('status') status?: string, @Query('limit') limit?: string): Promise<JobView[]> {
    const s = status === undefined ? undefined : oneOf(AGENT_JOB_STATUSES).parse(status, 'status');
    if (s && !s.ok) throw new InvalidInputError(s.reason);
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1_000) throw new InvalidInputError(`limit: expected an integer from 1 to 1000, got ${JSON.stringify(limit)}`);
    return (await this.jobs.list(this.runtime.db, { ...(s?.ok ? { status: s.value } : {}), limit: n })).map(view);
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'One job: status, progress, attempts, result or reason' })
  async get(@Param('requestId') requestId: string): Promise<JobView> {
    const job = await this.jobs.find(this.runtime.db, requestId);
    if (!job) throw new NotFoundError(`no job with requestId ${requestId} on this domain's agents`, { code: 'job-not-found' });
    return view(job);
  }
}
