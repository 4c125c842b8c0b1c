import type { RuleView } from '../http/protect.views';
import { NONE, renderTable } from './table';
import { formatTime } from './time.format';

/** NAME, SELECTORS (the pods of each item), ACTIONS, BACKGROUND (how many hold until the snapshot), CREATED; `-o wide` adds the commands. */
export function ruleTable(rules: readonly RuleView[], opts: { wide?: boolean; withNamespace?: boolean } = {}): string {
  const header = [...(opts.withNamespace ? ['NAMESPACE'] : []), ...['NAME', 'SELECTORS', 'ACTIONS', 'BACKGROUND', 'CREATED'], ...(opts.wide ? ['COMMANDS'] : [])];
  const rows = rules.map((r) => {
    const actions = r.rules.flatMap((item) => item.actions);
    return [
      ...(opts.withNamespace ? [r.metadata.namespace] : []),
      r.metadata.name,
      r.rules.map((item) => selectorText(item.podSelector)).join(';') || NONE,
      String(actions.length),
      String(actions.filter((a) => a.background).length),
      formatTime(r.metadata.creationTimestamp),
      ...(opts.wide ? [actions.map((a) => a.value).join('; ') || NONE] : []),
    ];
  });
  return renderTable(header, rows);
}

/** `app=cassandra,tier=db`. */
export const selectorText = (selector: Record<string, string>): string =>
  Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '(all pods)';
