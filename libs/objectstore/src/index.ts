export * from './object-store.port';
export { ObjectStoreError, type OperationContext } from './object-store.errors';
export * from './fs.object-store';
export * from './nats.object-store';
export * from './s3.object-store';
export { type ConditionalWriteMode } from './s3-conditional-write.probe';
export * from './retry.policy';
export * from './concurrency.limit';
export { DEFAULT_CONCURRENCY, type ErrorClassifier, type StoreCallOptions, StoreCallRunner } from './store-call.runner';
