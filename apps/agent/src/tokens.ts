/** Injection tokens of the agent's module. */
export const PROBE = Symbol('PROBE');
export const AGENT_IDENTITY = Symbol('AGENT_IDENTITY');
export const DOMAIN_EPOCHS = Symbol('DOMAIN_EPOCHS');
export const JOB_INTAKE = Symbol('JOB_INTAKE');
export const JOB_REPOSITORY = Symbol('JOB_REPOSITORY');
export const LATENCY_PROBER = Symbol('LATENCY_PROBER');
export const BACKGROUND = Symbol('BACKGROUND');
