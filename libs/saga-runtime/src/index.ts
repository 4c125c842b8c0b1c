export * from './saga.engine';
export * from './saga-timer.poller';
export * from './saga-reply.mapper';
export * from './saga.queries';
