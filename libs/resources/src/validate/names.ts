import { StringOptions } from '../problems/object-reader';

/** Kubernetes object names (DNS-1123 subdomain): what metadata.name and references to other resources must be. */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Namespace names (DNS-1123 label). */
const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `Nightly_DB` → `nightly-db`: the nearest valid name, to offer in a fix. */
export function suggestName(value: string, maxLength = 253): string {
  const name = value
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, maxLength)
    .replace(/[^a-z0-9]+$/, '');
  return name || 'my-resource';
}

export const objectName = (example: string): StringOptions => ({
  pattern: DNS_SUBDOMAIN,
  suggest: (value) => suggestName(value),
  patternHint: 'a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)',
  example,
});

export const namespaceName = (example: string): StringOptions => ({
  pattern: DNS_LABEL,
  suggest: (value) => suggestName(value.replace(/\./g, '-'), 63),
  patternHint: 'a namespace name (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit)',
  example,
});

export const NAMESPACE_ITEM = {
  itemPattern: DNS_LABEL,
  itemHint: 'a namespace name (at most 63 lowercase letters, digits and "-")',
} as const;

/** An http(s) URL. */
export const httpUrl = (example: string): StringOptions => ({
  pattern: /^https?:\/\/[^\s/$.?#][^\s]*$/,
  patternHint: 'an http:// or https:// URL',
  example,
});
