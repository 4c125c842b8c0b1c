import { OutboxInbox1764115200000 } from './1764115200000-outbox-inbox.migration';
import { Sagas1764115200001 } from './1764115200001-sagas.migration';
import { OutboxNotify1764115200002 } from './1764115200002-outbox-notify.migration';

/** Every service that sends or receives messages has these tables. */
export const MESSAGING_MIGRATIONS = [OutboxInbox1764115200000, OutboxNotify1764115200002];
/** The coordinator's saga tables. */
export const SAGA_MIGRATIONS = [Sagas1764115200001];
