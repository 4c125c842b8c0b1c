import type { AddressInfo } from 'node:net';
import { type DynamicModule, type INestApplication, Module, type Type, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { ExpressAdapter } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { JsonLogger, TracingHandle } from '@tandem/observability';
import { installShutdownSignals } from './graceful-shutdown';
import { HttpErrorFilter } from './http-error.filter';
import { HttpTracingInterceptor } from './http-tracing.interceptor';
import { OpenApiDocumentHolder } from './openapi.controller';
import { ServiceShellModule } from './service-shell.module';

export interface BootstrapOptions {
  /** Service name, as in logs, spans and metrics (`coordinator`, `agent` …). */
  name: string;
  /** The service's own root module; the service shell is imported next to it. */
  module: Type<unknown> | DynamicModule;
  /** HTTP port; 0 picks a free one (see `url`). */
  port: number;
  /** Interface to listen on. Default `0.0.0.0`. */
  host?: string;
  /** Transports to connect and start (e.g. Tandem's JetStream server), closed on shutdown after HTTP stops. */
  microservices?: CustomTransportStrategy[];
  openapi: { title: string; version: string; description: string };
  logger: JsonLogger;
  /** Flushed last on shutdown. */
  tracing?: TracingHandle;
  /** Shut down on SIGTERM/SIGINT and exit 0. Default true; tests that only call `close()` may pass false. */
  handleSignals?: boolean;
  /** After a signal, give up and exit 1 when shutdown takes longer. Default 25 000 (under Kubernetes' 30 s grace). */
  shutdownTimeoutMs?: number;
}

export interface RunningService {
  app: INestApplication;
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Stops accepting HTTP, closes the transports (they drain), runs Nest's shutdown hooks, flushes tracing. */
  close(): Promise<void>;
}

/**
 * Starts a Tandem service: Nest on Express with the JSON logger, `/healthz` `/readyz` `/metrics` `/openapi.json`,
 * APIs under `/v1`, Tandem's HTTP error mapping, one trace span per request, the given transports, graceful
 * shutdown on SIGTERM/SIGINT.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningService> {
  const { logger } = options;
  const host = options.host ?? '0.0.0.0';

  @Module({ imports: [ServiceShellModule.forRoot({ name: options.name, logger }), options.module] })
  class TandemServiceRootModule {}

  const app = await NestFactory.create<INestApplication>(TandemServiceRootModule, new ExpressAdapter(), { logger, abortOnError: false });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter(), logger));
  app.useGlobalInterceptors(new HttpTracingInterceptor());

  const transports = (options.microservices ?? []).map(closingOnce);
  for (const strategy of transports) app.connectMicroservice({ strategy }, { inheritAppConfig: false });

  const config = new DocumentBuilder().setTitle(options.openapi.title).setVersion(options.openapi.version).setDescription(options.openapi.description).build();
  app.get(OpenApiDocumentHolder).document = SwaggerModule.createDocument(app, config);

  let closing: Promise<void> | undefined;
  let removeSignals = (): void => undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      removeSignals();
      await app.getHttpAdapter().close(); // stop accepting; requests in flight finish
      for (const transport of transports) await transport.close(); // consumers stop and drain
      await app.close(); // Nest's onModuleDestroy / beforeApplicationShutdown / onApplicationShutdown
      await options.tracing?.shutdown();
    })();
    return closing;
  };

  try {
    await app.startAllMicroservices();
    await app.listen(options.port, host);
  } catch (error) {
    await close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${options.name} could not start on ${host}:${options.port}: ${reason}`, { cause: error });
  }

  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;
  if (options.handleSignals ?? true) {
    removeSignals = installShutdownSignals({ logger, close, timeoutMs: options.shutdownTimeoutMs ?? 25_000 });
  }
  logger.info('service started', { url, openapi: `${url}/openapi.json` });
  return { app, url, close };
}

/** Nest closes each connected transport itself on app.close(); closing it earlier must not close it twice. */
function closingOnce(strategy: CustomTransportStrategy): CustomTransportStrategy {
  const close = strategy.close.bind(strategy);
  let closed: Promise<unknown> | undefined;
  strategy.close = () => (closed ??= Promise.resolve().then(close));
  return strategy;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
