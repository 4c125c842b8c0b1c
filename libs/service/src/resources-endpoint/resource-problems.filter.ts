import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { ResourceProblemsError } from '@tandem/resources';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/**
 * Answers rejected resources with 400 and every problem as data as well as in the message:
 * `{ error: 'invalid-resource', message, problems: [{ document, kind, name, path, line, column, message, fix }] }`.
 */
@Catch(ResourceProblemsError)
export class ResourceProblemsFilter implements ExceptionFilter<ResourceProblemsError> {
  catch(error: ResourceProblemsError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<JsonResponse>().status(400).json({ error: error.code, message: error.message, problems: error.problems });
  }
}
