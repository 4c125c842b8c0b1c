import { EventPattern } from '@nestjs/microservices';
import type { MessageDefinition } from '@tandem/contracts';

export interface OnMessageOptions {
  /**
   * Also handle this event when a linked site emitted it (imported as `<prefix>.xevt.…`). Off by default: most
   * events mean something only on the site that emitted them (a migration requested there is run there), so a
   * handler says when the peer's events are its business (a destination agent's answers, the peer's heartbeats).
   */
  fromLinkedSites?: boolean;
}

/** Marks a controller method as the handler of one message type on Tandem's JetStream transport. */
export function OnMessage(definition: MessageDefinition<unknown> | MessageDefinition<never>, options: OnMessageOptions = {}): MethodDecorator {
  return options.fromLinkedSites ? EventPattern<string>(definition.type, { fromLinkedSites: true }) : EventPattern<string>(definition.type);
}
