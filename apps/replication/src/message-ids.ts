import { createHash } from 'node:crypto';

const MAX_REQUEST_ID = 128;
const MAX_EVENT_ID = 200;
const digest = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * The request id of the agent job restoring entry `index` of a restore: `<requestId>.<index>`, so a repeated
 * restore sends the agents the same jobs (the agent's own idempotency holds). A requestId too long to take the
 * suffix is replaced by its digest, still a function of the requestId alone.
 */
export function agentRequestId(requestId: string, index: number): string {
  const plain = `${requestId}.${index}`;
  return plain.length <= MAX_REQUEST_ID ? plain : `${digest(requestId, 40)}.${index}`;
}

/**
 * The id of the answer to one command message: a function of the requestId and of the command's envelope id, so
 * a redelivery does not answer twice while a later command with the same requestId (a repeat) is answered again.
 */
export const answerId = (requestId: string, commandId: string): string => `${requestId}/answer/${digest(commandId, 16)}`;

/** The id of the agent command of an agent job. */
export const agentCommandId = (agentRequest: string): string => `${agentRequest}/command`;

/** One RPO alert per application and newest recovery point. */
export function rpoExceededId(namespace: string, schedule: string, migration: string): string {
  const plain = `rpo-exceeded/${namespace}/${schedule}/${migration}`;
  return plain.length <= MAX_EVENT_ID ? plain : `rpo-exceeded/${digest(plain, 40)}`;
}
