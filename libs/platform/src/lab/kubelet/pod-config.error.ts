/**
 * Why a pod's container cannot be started yet, in the kubelet's words: `reason` is what
 * `containerStatuses[].state.waiting.reason` shows (ContainerCreating, CreateContainerConfigError, …).
 */
export class PodConfigError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'PodConfigError';
  }
}
