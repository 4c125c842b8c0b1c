import { type ArgumentsHost, Catch, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import { context, type Span, trace } from '@opentelemetry/api';
import type { JsonLogger } from '@tandem/observability';
import { toHttpError } from './http-error.mapper';
import { REQUEST_SPAN } from './http-tracing.interceptor';

interface RequestLine {
  [REQUEST_SPAN]?: Span;
  method?: string;
  originalUrl?: string;
  url?: string;
}

/**
 * Answers every failed HTTP request with `{ error: code, message }`: Tandem's errors by class (404, 409, 400, 503),
 * Nest's HTTP exceptions with their status, anything else 500 with a generic message and an error log line.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly http: HttpServer,
    private readonly logger: JsonLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<RequestLine>();
    const { status, body, unexpected } = toHttpError(exception);
    if (unexpected) {
      // Logged in the request's span, so that the line carries the trace id of the failed request.
      const span = request[REQUEST_SPAN];
      const log = (): void =>
        this.logger.error('request failed', { err: exception, method: request.method, url: request.originalUrl ?? request.url, status });
      if (span) context.with(trace.setSpan(context.active(), span), log);
      else log();
    }
    this.http.reply(ctx.getResponse(), body, status);
  }
}
