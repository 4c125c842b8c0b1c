/** The core NATS subject an agent of `domain` answers latency probes on: `<prefix>.probe.agent.<domain>`. */
export const probeSubject = (prefix: string, domain: string): string => `${prefix}.probe.agent.${domain}`;

/** Agents of one domain answer as one queue group: each probe is answered once. */
export const PROBE_QUEUE = 'agent-probe';
