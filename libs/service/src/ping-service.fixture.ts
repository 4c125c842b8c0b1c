// A tiny service for the service shell's own tests: one /v1/ping controller, one readiness check, one transport.
import { Body, Controller, Get, Injectable, Module, type OnModuleInit, Post, Query } from '@nestjs/common';
import { Server } from '@nestjs/microservices';
import { JsonLogger } from '@tandem/observability';
import { ConflictError, NotFoundError, UnavailableError } from '@tandem/contracts';
import { ReadinessRegistry } from './readiness.registry';
import { type Parser, validateBody } from './validate-body.pipe';

export interface PingRequest {
  name: string;
}

export const parsePing: Parser<PingRequest> = (input) => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, reason: 'expected a JSON object' };
  const { name } = input as { name?: unknown };
  if (typeof name !== 'string' || name === '') return { ok: false, reason: 'name must be a non-empty string' };
  return { ok: true, value: { name } };
};

/** What the readiness check of the ping service sees; tests flip it. */
export const pingDependency = { up: true };

@Injectable()
export class PingReadiness implements OnModuleInit {
  constructor(private readonly readiness: ReadinessRegistry) {}

  onModuleInit(): void {
    this.readiness.register('database', async () => {
      if (!pingDependency.up) throw new Error('connection refused by 127.0.0.1:5432');
    });
  }
}

@Controller('ping')
export class PingController {
  constructor(private readonly logger: JsonLogger) {}

  @Get()
  async ping(): Promise<{ pong: true }> {
    await new Promise((resolve) => setImmediate(resolve));
    this.logger.info('pinged');
    return { pong: true };
  }

  @Post()
  hello(@Body(validateBody(parsePing)) body: PingRequest): { hello: string } {
    return { hello: body.name };
  }

  @Get('slow')
  async slow(@Query('ms') ms = '300'): Promise<{ waited: number }> {
    await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    return { waited: Number(ms) };
  }

  @Get('fail')
  fail(@Query('as') as: string): never {
    if (as === 'not-found') throw new NotFoundError('ping "x" does not exist', { code: 'ping-not-found' });
    if (as === 'conflict') throw new ConflictError('ping "x" already exists');
    if (as === 'unavailable') throw new UnavailableError('the database is not reachable; try again later');
    throw new Error('secret internal detail');
  }
}

@Module({ controllers: [PingController], providers: [PingReadiness] })
export class PingModule {}

/** A transport that only records what the shell does with it. */
export class RecordingTransport extends Server {
  readonly calls: string[] = [];

  constructor(private readonly onCall: (call: string) => void = () => undefined) {
    super();
  }

  listen(callback: () => void): void {
    this.record('listen');
    callback();
  }

  close(): void {
    this.record('close');
  }

  on(): void {}

  unwrap<T>(): T {
    return this as unknown as T;
  }

  private record(call: string): void {
    this.calls.push(call);
    this.onCall(call);
  }
}
