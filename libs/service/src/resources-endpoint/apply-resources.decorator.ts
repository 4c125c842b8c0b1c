import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery } from '@nestjs/swagger';

/** What every `POST /v1/resources` takes, for its OpenAPI description; each service goes on with what it keeps. */
export const RESOURCES_BODY_DESCRIPTION =
  'YAML (application/yaml or text/plain; several documents separated by ---) or JSON (one resource, an array, or a List), ' +
  'under apiVersion stork.libopenstorage.org/v1alpha1 or tandem.dev/v1alpha1';

/**
 * `POST /v1/resources` answering 200, documented: YAML or JSON, an example document, and `?namespace=` (the
 * namespace of `namespaceOf`, e.g. "a Rule", when the document names none).
 */
export function ApplyResourcesEndpoint(o: { summary: string; description: string; example: string; namespaceOf: string }): MethodDecorator {
  return applyDecorators(
    Post(),
    HttpCode(200),
    ApiOperation({ summary: o.summary, description: o.description }),
    ApiConsumes('application/yaml', 'text/plain', 'application/json'),
    ApiBody({ schema: { type: 'string', example: o.example } }),
    ApiQuery({ name: 'namespace', required: false, description: `namespace of ${o.namespaceOf} that names none (default "default"), like kubectl -n` }),
  );
}
