import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { json, obj, oneOf, opt, SAGA_PHASES, str } from '@tandem/contracts';
import type { Infer } from '@tandem/contracts';
import { findSaga, listSagas, SagaEngine, SagaView } from '@tandem/saga-runtime';
import { InvalidInputError, NotFoundError, SERVICE_RUNTIME, ServiceRuntime, validateBody } from '@tandem/service';
import { ENGINE } from './tokens';

const startRequest = obj({
  saga: str({ max: 64 }),
  input: json(),
  /** Makes the request idempotent: the same id starts one saga. */
  id: opt(str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ })),
});

@ApiTags('sagas')
@Controller('sagas')
export class SagasController {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ENGINE) private readonly engine: SagaEngine,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a saga (idempotent by id)' })
  async start(@Body(validateBody((b) => startRequest.parse(b, 'body'))) body: Infer<typeof startRequest>): Promise<{ id: string; created: boolean }> {
    const id = body.id ?? randomUUID();
    const started = await this.engine.start({ sagaId: id, saga: body.saga, input: body.input });
    if (!started.ok) throw new InvalidInputError(started.reason, { code: 'saga-rejected' });
    return { id, created: started.value.created };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A saga with its phase, state and step log' })
  async get(@Param('id') id: string): Promise<SagaView> {
    const saga = await findSaga(this.runtime.db, id);
    if (!saga) throw new NotFoundError(`no saga with id ${id}`, { code: 'saga-not-found' });
    return saga;
  }

  @Get()
  @ApiOperation({ summary: 'Recent sagas, optionally by phase' })
  async list(@Query('phase') phase?: string, @Query('limit') limit?: string) {
    const p = phase === undefined ? undefined : oneOf(SAGA_PHASES).parse(phase, 'phase');
    if (p && !p.ok) throw new InvalidInputError(p.reason);
    return listSagas(this.runtime.db, { ...(p?.ok ? { phase: p.value } : {}), ...(limit ? { limit: Number(limit) || 100 } : {}) });
  }
}
