/** Kubernetes label selectors: `matchLabels` and `matchExpressions`, ANDed together. */

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** True when `labels` satisfy `selector`. An empty or absent selector matches everything, as in Kubernetes. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: LabelSelector | undefined): boolean {
  if (selector === undefined) return true;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!present || !values.includes(have[requirement.key] as string)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[requirement.key] as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default: {
        const unknown: never = requirement.operator;
        throw new Error(`unknown selector operator ${String(unknown)}`);
      }
    }
  }
  return true;
}

/** The selector in the string form of the Kubernetes API's `labelSelector` query parameter. */
export function selectorToString(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push(`${key}=${value}`);
  for (const requirement of selector.matchExpressions ?? []) {
    const values = (requirement.values ?? []).join(',');
    switch (requirement.operator) {
      case 'In':
        parts.push(`${requirement.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${requirement.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(requirement.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${requirement.key}`);
        break;
      default: {
        const unknown: never = requirement.operator;
        throw new Error(`unknown selector operator ${String(unknown)}`);
      }
    }
  }
  return parts.join(',');
}
