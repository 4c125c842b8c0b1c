export * from './logger';
export * from './metrics';
export * from './spans-file.exporter';
export * from './trace-context';
export * from './tracing';
