import { EventPattern } from '@nestjs/microservices';
import type { MessageDefinition } from '@tandem/contracts';

/** Marks a controller method as the handler of one message type on Tandem's JetStream transport. */
export function OnMessage(definition: MessageDefinition<unknown> | MessageDefinition<never>): MethodDecorator {
  return EventPattern<string>(definition.type);
}
