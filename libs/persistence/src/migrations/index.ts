import { OutboxInbox1764115200000 } from './1764115200000-outbox-inbox.migration';
import { Sagas1764115200001 } from './1764115200001-sagas.migration';

/** Every service that sends or receives messages has these tables. */
export const MESSAGING_MIGRATIONS = [OutboxInbox1764115200000];
/** The coordinator's saga tables. */
export const SAGA_MIGRATIONS = [Sagas1764115200001];
