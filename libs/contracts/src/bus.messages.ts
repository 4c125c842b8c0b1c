import { sagaRefSchema } from './saga-ref';
import { defineMessage } from './message-definition';
import { int, obj, opt, str } from './schema';

/**
 * Emitted when a consumer gives up on a message (malformed, or failed after its attempts); the message itself
 * is copied to the dead-letter stream with the same reason.
 */
export const MessageFailed = defineMessage({
  kind: 'event',
  service: 'bus',
  name: 'message-failed',
  version: 1,
  description: 'A consumer gave up on a message and dead-lettered it.',
  schema: obj({
    consumer: str({ max: 128 }),
    subject: str({ max: 512 }),
    messageId: opt(str({ max: 200 })),
    messageType: opt(str({ max: 200 })),
    correlationid: opt(str({ max: 200 })),
    sagaRef: opt(sagaRefSchema),
    reason: str({ max: 4000 }),
    deliveries: int({ min: 1 }),
    streamSequence: int({ min: 0 }),
  }),
});
