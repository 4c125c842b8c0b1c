export * from './database';
export * from './migrations';
export * from './outbox';
export * from './inbox';
export * from './handle-once';
export * from './request-lock';
