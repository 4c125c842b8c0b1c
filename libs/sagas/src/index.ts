export * from './saga-definition';
export * from './retry-policy';
export * from './step-saga';
export * from './selftest.saga';
export * from './protect.saga';
export * from './failover.saga';
export * from './saga-registry';
