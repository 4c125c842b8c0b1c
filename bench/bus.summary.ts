import type { CpuReport } from './cpu-usage';
import type { EventsResult } from './events.bench';
import type { SagasResult } from './sagas.bench';

// The human-readable side of bench/results/bus.json.

export function eventsSummary(title: string, e: EventsResult): string[] {
  const s = e.settings;
  return [
    `${title}: ${e.count} through outbox → JetStream → inbox in ${e.duration_s} s`,
    `  ${e.per_second} events/s end to end (the producer committed them at ${e.produced_per_second}/s)`,
    `  latency, producer commit → consumer commit: p50 ${e.p50_ms} ms, p90 ${e.p90_ms} ms, p99 ${e.p99_ms} ms, max ${e.max_ms} ms`,
    `  stages: relay ${e.stages.relay_per_second}/s (outbox row → marked sent after its JetStream ack: p50 ${e.stages.relay_lag_p50_ms} ms, ` +
      `p99 ${e.stages.relay_lag_p99_ms} ms), consumer ${e.stages.consumer_per_second}/s (its transaction: p50 ${e.stages.consumer_transaction_p50_ms} ms, ` +
      `p99 ${e.stages.consumer_transaction_p99_ms} ms)`,
    `  settings: ${s.perTransaction} events/tx, ${s.parallel} tx in flight${s.rate ? `, ${s.rate}/s offered` : ''}, relay batch ${s.relayBatchSize}, ` +
      `consumer concurrency ${s.concurrency} on ${s.poolSize} connections`,
    cpuLine(e.cpu),
    `  postgres transactions per event: consumer ${e.postgres.consumer_transactions_per_event}, producer ${e.postgres.producer_transactions_per_event} ` +
      '(relay rounds and NOTIFY reads included)',
    `  limits: ${e.limits}`,
  ];
}

export function sagasSummary(r: SagasResult): string[] {
  const s = r.settings;
  return [
    `sagas: ${r.count} three-step self-tests, ${r.completed} completed, in ${r.duration_s} s`,
    `  ${r.per_second} sagas/s; duration p50 ${r.p50_ms} ms, p90 ${r.p90_ms} ms, p99 ${r.p99_ms} ms, max ${r.max_ms} ms`,
    `  all started ${r.all_started_after_s} s after the first, the first ended after ${r.first_ended_after_s} s; at most ${r.peak_running} running at once`,
    `  settings: ${s.httpConcurrency} POSTs in flight, consumer concurrency ${s.consumerConcurrency}, timer poll ${s.timerIntervalMs} ms, log level ${s.logLevel}`,
    cpuLine(r.cpu),
    `  postgres transactions per saga: coordinator ${r.postgres.coordinator_transactions_per_saga}, agent ${r.postgres.agent_transactions_per_saga} ` +
      '(relay rounds and NOTIFY reads included)',
    `  limits: ${r.limits}`,
  ];
}

function cpuLine(cpu: CpuReport): string {
  const cores = Object.entries(cpu.cores_used).map(([k, v]) => `${k} ${v}`).join(', ');
  return `  cpu (cores): ${cores}; machine ${cpu.machine_busy_pct}% busy, load average ${cpu.load_average_1m_before} at the start`;
}
