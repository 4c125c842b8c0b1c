import { UnsupportedMediaTypeException } from '@nestjs/common';
import { InvalidInputError, labelNameSchema } from '@tandem/contracts';
import type { ReadOptions } from './read-documents';
import { YAML_CONTENT_TYPES } from './yaml-body.middleware';

const JSON_CONTENT_TYPE = /^\s*application\/json\s*(;|$)/i;

/** How a service reads a request body of each content type. */
export interface ResourceReaders<O> {
  yaml(text: string, options: ReadOptions): O;
  json(body: unknown, options: ReadOptions): O;
}

/**
 * The body of `POST /v1/resources`: `?namespace=` checked as a namespace name (the namespace of documents that name
 * none), then the body read as YAML or JSON by its Content-Type; any other Content-Type is refused with 415.
 */
export function readResourcesRequest<O>(body: unknown, contentType: string | undefined, namespace: string | undefined, readers: ResourceReaders<O>): O {
  const options: ReadOptions = {};
  if (namespace !== undefined) {
    const checked = labelNameSchema.parse(namespace, 'namespace');
    if (!checked.ok) throw new InvalidInputError(`${checked.reason} (a namespace name, e.g. appns)`);
    options.defaultNamespace = checked.value;
  }
  if (typeof body === 'string' && YAML_CONTENT_TYPES.test(contentType ?? '')) return readers.yaml(body, options);
  if (JSON_CONTENT_TYPE.test(contentType ?? '')) return readers.json(body, options);
  throw new UnsupportedMediaTypeException(`send the resources as YAML (Content-Type: application/yaml) or JSON (application/json); got ${contentType ?? 'no Content-Type'}`);
}
