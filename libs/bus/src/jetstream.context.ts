import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { CloudEvent } from '@tandem/contracts';

/** What a handler knows about the message it handles, besides its data. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, CloudEvent<unknown>, string]> {
  get msg(): JsMsg {
    return this.args[0];
  }
  /** The validated envelope: `event.id` is the inbox key. */
  get event(): CloudEvent<unknown> {
    return this.args[1];
  }
  /** The durable consumer (service) handling it. */
  get consumer(): string {
    return this.args[2];
  }
  get subject(): string {
    return this.msg.subject;
  }
  /** True for an event emitted on a linked site and imported here by stream sourcing (`<prefix>.xevt.…`). */
  get imported(): boolean {
    return this.msg.subject.split('.')[1] === 'xevt';
  }
  /** 1 on first delivery. */
  get deliveries(): number {
    return this.msg.info.deliveryCount;
  }
  /** Tells the server the handler is still working, so the ack deadline moves. */
  working(): void {
    this.msg.working();
  }
}
