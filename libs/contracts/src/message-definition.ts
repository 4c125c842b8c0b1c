import type { BusNaming } from './bus-naming';
import type { CloudEvent } from './cloud-event';
import { fail, ok, Result } from './result';
import type { Schema } from './schema';

/** Commands are imperative (`run-selftest-step`), events past tense (`selftest-step-succeeded`). */
export type MessageKind = 'command' | 'event';

export interface MessageDefinition<T> {
  /** CloudEvents `type`: `tandem.<service>.<name>.v<version>`. */
  readonly type: string;
  readonly kind: MessageKind;
  /** The service that owns the message: receives a command, emits an event. */
  readonly service: string;
  readonly name: string;
  readonly version: number;
  readonly schema: Schema<T>;
  readonly description: string;
  /** A scoped command goes to the instances of one cluster domain (`agent` of `dr-site`, say). */
  readonly scoped: boolean;
  /** The subject, with the scope for a scoped command (required then, refused otherwise). */
  subject(naming: BusNaming, scope?: string): string;
}

export type DataOf<D> = D extends MessageDefinition<infer T> ? T : never;

export function defineMessage<T>(def: {
  kind: MessageKind;
  service: string;
  name: string;
  version: number;
  schema: Schema<T>;
  description: string;
  scoped?: boolean;
}): MessageDefinition<T> {
  const type = `tandem.${def.service}.${def.name}.v${def.version}`;
  const scoped = def.scoped === true;
  return {
    ...def,
    scoped,
    type,
    subject: (naming, scope) => {
      if (scoped && !scope) throw new Error(`${type} is routed to one cluster domain: give its scope`);
      if (!scoped && scope) throw new Error(`${type} is not routed by domain: it takes no scope`);
      return naming.subjectOf(def.kind, def.service, def.name, def.version, scope);
    },
  };
}

/** Every message Tandem knows, by type. Decoding checks the type is known and the data has its shape. */
export class MessageCatalog {
  private readonly byType = new Map<string, MessageDefinition<unknown>>();

  constructor(definitions: Iterable<MessageDefinition<unknown>>) {
    for (const d of definitions) {
      if (this.byType.has(d.type)) throw new Error(`message type ${d.type} is defined twice`);
      this.byType.set(d.type, d);
    }
  }

  get(type: string): MessageDefinition<unknown> | undefined {
    return this.byType.get(type);
  }

  all(): MessageDefinition<unknown>[] {
    return [...this.byType.values()];
  }

  /** Checks an envelope's type and data; the reason says what to fix. */
  validate(event: CloudEvent<unknown>): Result<{ definition: MessageDefinition<unknown>; data: unknown }> {
    const definition = this.byType.get(event.type);
    if (!definition) {
      const base = event.type.replace(/\.v\d+$/, '');
      const known = this.all().filter((d) => d.type.startsWith(`${base}.v`)).map((d) => d.type);
      return fail(
        known.length > 0
          ? `unknown version of ${base}: got ${event.type}, this build understands ${known.join(', ')}`
          : `unknown message type ${event.type}`,
      );
    }
    const data = definition.schema.parse(event.data, 'data');
    if (!data.ok) return fail(`invalid ${event.type}: ${data.reason}`);
    return ok({ definition, data: data.value });
  }
}
