// Kubernetes' rules for object names and labels (k8s.io/apimachinery/pkg/util/validation). Each check returns
// what is wrong, or undefined when the value is fine; the caller says where and how to fix it.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

/** A DNS-1123 label (namespace names): at most 63 of a-z, 0-9 and '-', starting and ending alphanumeric. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > DNS1123_LABEL_MAX) return `is ${value.length} characters long, more than ${DNS1123_LABEL_MAX}`;
  if (!LABEL.test(value)) {
    return 'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)';
  }
  return undefined;
}

/** A DNS-1123 subdomain (most object names): at most 253 characters, labels joined by '.'. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > DNS1123_SUBDOMAIN_MAX) {
    return `is ${value.length} characters long, more than ${DNS1123_SUBDOMAIN_MAX}`;
  }
  if (!SUBDOMAIN.test(value)) {
    return (
      'is not a valid Kubernetes name ' +
      '(lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)'
    );
  }
  return undefined;
}

/** A label key: `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) return `has a prefix "${prefix}" that ${problem}`;
  }
  if (name.length === 0 || name.length > DNS1123_LABEL_MAX || !QUALIFIED_NAME.test(name)) {
    return (
      'is not a valid label key (at most 63 of letters, digits, "-", "_" and ".", ' +
      'starting and ending with a letter or digit, optionally after a "prefix/")'
    );
  }
  return undefined;
}

/** A label value: empty, or at most 63 of letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > DNS1123_LABEL_MAX || !QUALIFIED_NAME.test(value)) {
    return (
      'is not a valid label value ' +
      '(at most 63 of letters, digits, "-", "_" and ".", starting and ending with a letter or digit)'
    );
  }
  return undefined;
}

/** A valid name close to `value` ("PG Protect" → "pg-protect"), to suggest in a fix; `dots` allows '.'. */
export function nameLike(value: string, opts: { dots: boolean; max: number }): string {
  const invalid = opts.dots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g;
  const name = value
    .toLowerCase()
    .replace(invalid, '-')
    .replace(/[-.]*\.[-.]*/g, '.') // a label between dots must not be empty or start or end with '-'
    .slice(0, opts.max)
    .replace(/^[-.]+|[-.]+$/g, '');
  return name || 'my-name';
}
