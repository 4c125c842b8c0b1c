import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requestIdSchema } from '@tandem/contracts';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { findRun } from '../runs/migration-run.store';
import { runView } from './run.view';

const RUN_DESCRIPTION =
  'The run of a prepare-destination-volumes or migrate-resources command: kind, outcome (succeeded, failed, retryable-failure), ' +
  'the answer sent, the status of each resource (Applied, Unchanged, Failed with the reason, Purged) and of each volume (Bound with the destination volume, or Unbound with why).';

@ApiTags('resource-migrations')
@Controller('resource-migrations')
export class ResourceMigrationsController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: 'The run of one command, by its requestId', description: RUN_DESCRIPTION })
  @ApiQuery({ name: 'requestId', required: true, description: 'the requestId of the command' })
  @ApiOkResponse({ description: 'the run' })
  @ApiNotFoundResponse({ description: 'no command with this requestId was run here' })
  async byQuery(@Query('requestId') requestId?: string) {
    if (requestId === undefined || requestId === '') throw new InvalidInputError('requestId: give the requestId of the command, e.g. ?requestId=protect-pg-1/migrate-resources');
    return this.get(requestId);
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'The run of one command, by its requestId', description: RUN_DESCRIPTION })
  @ApiParam({ name: 'requestId', description: 'the requestId of the command' })
  @ApiOkResponse({ description: 'the run' })
  @ApiNotFoundResponse({ description: 'no command with this requestId was run here' })
  async byPath(@Param('requestId') requestId: string) {
    return this.get(requestId);
  }

  private async get(raw: string) {
    const checked = requestIdSchema.parse(raw, 'requestId');
    if (!checked.ok) throw new InvalidInputError(`${checked.reason} (letters, digits, ".", "_", ":" and "-", starting with a letter or digit)`);
    const run = await findRun(this.runtime.db, checked.value);
    if (run === undefined) throw new NotFoundError(`no resource migration with requestId ${checked.value} was run by this site's migration service; check the requestId`);
    return runView(run);
  }
}
