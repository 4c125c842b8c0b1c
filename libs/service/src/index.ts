export * from './bootstrap';
export * from './config';
// The error hierarchy lives in @tandem/contracts (every lib throws it); the edge re-exports it with its mapping.
export { TandemError, NotFoundError, ConflictError, InvalidInputError, UnavailableError, type TandemErrorOptions } from '@tandem/contracts';
export * from './graceful-shutdown';
export * from './health.controller';
export * from './http-error.filter';
export * from './http-error.mapper';
export * from './http-tracing.interceptor';
export * from './metrics.controller';
export * from './openapi.controller';
export * from './readiness.registry';
export * from './service-shell.module';
export * from './validate-body.pipe';
export * from './runtime/service-runtime.config';
export * from './runtime/service-runtime';
export * from './runtime/service-runtime.module';
export * from './resources-endpoint';
export * from './runtime/site.config';
