/** Injection tokens of the agent's module. */
export const PROBE = Symbol('PROBE');
export const AGENT_IDENTITY = Symbol('AGENT_IDENTITY');
