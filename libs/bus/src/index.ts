export * from './bus.connection';
export * from './jetstream.server';
export * from './jetstream.context';
export * from './outbox.relay';
export * from './handling-error';
export * from './on-message.decorator';
export * from './bus-errors.filter';
export * from './site-link';
