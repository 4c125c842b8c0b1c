import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { extractTraceContext, TANDEM_TRACER } from '@tandem/observability';
import { type Observable, tap } from 'rxjs';
import { toHttpError } from './http-error.mapper';

/** Where the request's server span is kept on the request, for the error filter's log line. */
export const REQUEST_SPAN = Symbol('tandem.requestSpan');

interface TracedRequest {
  [REQUEST_SPAN]?: Span;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  route?: { path?: string };
}

/**
 * One server span per HTTP request, continuing the caller's trace (W3C `traceparent` header), so that a saga
 * started through the API and everything it causes on the bus is one trace.
 */
@Injectable()
export class HttpTracingInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const http = execution.switchToHttp();
    const request = http.getRequest<TracedRequest>();
    const response = http.getResponse<{ statusCode: number; once(event: 'close', listener: () => void): unknown }>();
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value[0] : value;
    const parent = extractTraceContext(headers);
    const path = request.url.split('?')[0] ?? request.url;
    const route = request.route?.path ?? path;
    const span = trace.getTracer(TANDEM_TRACER).startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route, 'url.path': path } },
      parent,
    );
    request[REQUEST_SPAN] = span;
    // The span ends when the response is sent (or the connection drops): only then is the status code final.
    response.once('close', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      span.end();
    });
    // Nest binds the handler's async context when handle() is called: calling it inside the span's context makes
    // the span active in the handler (its logs carry the trace id, its messages the traceparent).
    return context.with(trace.setSpan(parent, span), () => next.handle()).pipe(
      tap({
        error: (error: unknown) => {
          if (toHttpError(error).unexpected) {
            span.recordException(error instanceof Error ? error : new Error(String(error)));
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          }
        },
      }),
    );
  }
}
