import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type Kind = 'counter' | 'gauge' | 'histogram';

interface Registered {
  kind: Kind;
  labelNames: readonly string[];
  metric: Counter<string> | Gauge<string> | Histogram<string>;
}

let registry: Registry | undefined;
const registered = new Map<string, Registered>();

/** The Prometheus registry of this process, with Node's default metrics; `GET /metrics` serves it. */
export function metricsRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}

/**
 * A counter in the process registry. Idempotent: asking again for the same name returns the same counter (several
 * Nest modules, or several test apps in one process, may declare it); a different kind or label set is an error.
 */
export function counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return getOrCreate(name, 'counter', labelNames, () => new Counter<L>({ name, help, labelNames, registers: [metricsRegistry()] })) as Counter<L>;
}

export function gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return getOrCreate(name, 'gauge', labelNames, () => new Gauge<L>({ name, help, labelNames, registers: [metricsRegistry()] })) as Gauge<L>;
}

/** A histogram; `buckets` default to prom-client's (seconds, 5 ms to 10 s). */
export function histogram<L extends string = never>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets?: number[],
): Histogram<L> {
  return getOrCreate(name, 'histogram', labelNames, () =>
    new Histogram<L>({ name, help, labelNames, registers: [metricsRegistry()], ...(buckets ? { buckets } : {}) }),
  ) as Histogram<L>;
}

function getOrCreate(name: string, kind: Kind, labelNames: readonly string[], create: () => Registered['metric']): Registered['metric'] {
  const existing = registered.get(name);
  if (existing) {
    const sameLabels = existing.labelNames.length === labelNames.length && existing.labelNames.every((l) => labelNames.includes(l));
    if (existing.kind !== kind || !sameLabels) {
      throw new Error(
        `metric "${name}" is already registered as a ${existing.kind} with labels [${existing.labelNames.join(', ')}]; ` +
          `it cannot also be a ${kind} with labels [${labelNames.join(', ')}]: use the same declaration or another name`,
      );
    }
    return existing.metric;
  }
  const metric = create();
  registered.set(name, { kind, labelNames: [...labelNames], metric });
  return metric;
}
