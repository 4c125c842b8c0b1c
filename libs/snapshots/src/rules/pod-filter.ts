/** What a pod that is not among the targeted ones prints (with exit code 0) when given a filtered command. */
export const NOT_TARGETED = 'tandem-rule-not-targeted';

const POD_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * The argv that runs `script` with `sh -c` only in the named pods, wherever the exec lands. The platform port
 * reaches pods by selector, not by name; this narrows an exec to some of them (to retry only the pods that failed,
 * or to give each pod its own background exec) by the pod's `$HOSTNAME`, which is its name on both adapters. The
 * other pods print `NOT_TARGETED` and exit 0; a targeted pod doing so has a `$HOSTNAME` other than its name.
 */
export function inPodsOnly(script: string, pods: readonly string[]): string[] {
  if (pods.length === 0) throw new Error('inPodsOnly needs at least one pod');
  const bad = pods.find((pod) => !POD_NAME.test(pod));
  if (bad !== undefined) throw new Error(`${JSON.stringify(bad)} is not a pod name`);
  return ['sh', '-c', `case "$HOSTNAME" in ${pods.join('|')}) exec sh -c "$1" ;; esac; echo ${NOT_TARGETED}`, 'tandem-rule', script];
}

/** The argv of an action's command, as Stork runs it. */
export function shell(script: string): string[] {
  return ['sh', '-c', script];
}

/** True when a targeted pod answered as a pod that is not targeted: its `$HOSTNAME` is not its name. */
export function answeredNotTargeted(result: { exitCode: number | null; stdout: string }): boolean {
  return result.exitCode === 0 && result.stdout.trim() === NOT_TARGETED;
}
