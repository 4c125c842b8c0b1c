import type { Field } from './field-errors';

/** Kubernetes' rules for names, keys and quantities (k8s.io/apimachinery/pkg/util/validation). */

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
export const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

export function checkName(field: Field, rule: NameRule): void {
  const name = field.string({ required: true });
  if (name === undefined) return;
  switch (rule) {
    case 'subdomain':
      if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
        field.invalid("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (at most 253 characters)");
      }
      return;
    case 'label':
      if (name.length > 63 || !DNS1123_LABEL.test(name)) {
        field.invalid("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63 characters)");
      }
      return;
    case 'dns1035':
      if (name.length > 63 || !DNS1035_LABEL.test(name)) {
        field.invalid("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with a letter and end with an alphanumeric character (at most 63 characters)");
      }
      return;
    case 'path-segment':
      if (name === '.' || name === '..' || /[/%]/.test(name)) field.invalid("may not be '.' or '..' and may not contain '/' or '%'");
      return;
    default: {
      const unknown: never = rule;
      throw new Error(`unknown name rule ${String(unknown)}`);
    }
  }
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
export function checkQualifiedKey(key: string, field: Field): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    field.fail(`Invalid value: ${JSON.stringify(key)}: a key's prefix must be a DNS subdomain`);
  } else if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    field.fail(`Invalid value: ${JSON.stringify(key)}: a key's name must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`);
  }
}

export function checkLabelValue(value: unknown, field: Field): void {
  if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
    field.invalid("a label value must be 63 characters or less, empty or alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character");
  }
}

export function checkPortName(field: Field): void {
  const name = field.string();
  if (name !== undefined && (name.length > 15 || !IANA_SVC_NAME.test(name) || !/[a-z]/.test(name) || name.includes('--'))) {
    field.invalid('a port name must be at most 15 lowercase alphanumeric characters or \'-\', with at least one letter, and no "--"');
  }
}

export function checkConfigKey(key: string, field: Field): void {
  if (key.length > 253 || !CONFIG_KEY.test(key)) field.fail(`Invalid value: ${JSON.stringify(key)}: a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
}

export function checkEnvName(field: Field): void {
  field.string({ required: true, pattern: ENV_VAR_NAME, help: "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit" });
}

export function isQuantity(value: unknown): boolean {
  return (typeof value === 'string' && QUANTITY.test(value)) || (typeof value === 'number' && Number.isFinite(value));
}

export function checkQuantity(field: Field, options: { required?: boolean; positive?: boolean } = {}): void {
  if (!field.present) {
    if (options.required) field.fail('Required value');
    return;
  }
  if (!isQuantity(field.value)) return field.invalid("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  if (options.positive && quantityValue(field.value) <= 0) field.invalid('must be greater than zero');
}

const SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The number a quantity stands for (bytes for storage), NaN when it is not a quantity. */
export function quantityValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !QUANTITY.test(value)) return Number.NaN;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(.*)$/.exec(value) as RegExpExecArray;
  const suffix = match[2] as string;
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : (SUFFIXES[suffix] ?? Number.NaN);
  return Number(match[1]) * factor;
}

export function checkAbsolutePath(field: Field, options: { required?: boolean } = {}): void {
  const path = field.string(options);
  if (path !== undefined && !path.startsWith('/')) field.invalid('must be an absolute path');
}
