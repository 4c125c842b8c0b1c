import { str } from './schema';

/** A cluster domain, as in subjects and consumer names: `primary`, `dr-site`. */
export const domainName = str({ max: 63, pattern: /^[a-z][a-z0-9_-]{0,62}$/ });

/** A node (host) name. */
export const nodeName = str({ max: 253 });

/** A volume as the agent names it: one directory name (lab) or a PVC's name (Kubernetes); never a path. */
export const volumeName = str({ max: 253, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ });

/** An idempotency key chosen by the requester: the same key is one piece of work, however often it is sent. */
export const requestIdSchema = str({ max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/ });

/** A recovery point's id in the repository. */
export const recoveryPointIdSchema = str({ max: 200, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/ });
