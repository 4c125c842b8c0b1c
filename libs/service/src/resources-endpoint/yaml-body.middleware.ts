import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware, PayloadTooLargeException } from '@nestjs/common';

/** Content types read as YAML text (JSON goes through Nest's JSON parser). */
export const YAML_CONTENT_TYPES = /^\s*(application\/(x-)?yaml|text\/(x-)?yaml|text\/plain)\s*(;|$)/i;
/** Largest YAML body taken: far more than any set of DR resources. */
const MAX_BYTES = 1024 * 1024;

/** Reads a YAML (or plain text) request body into `req.body` as a string, as `kubectl apply -f` would send a file. */
@Injectable()
export class YamlBodyMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: (error?: unknown) => void): void {
    if (!YAML_CONTENT_TYPES.test(req.headers['content-type'] ?? '')) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BYTES && !failed) {
        failed = true;
        next(new PayloadTooLargeException(`the YAML is larger than ${MAX_BYTES} bytes; apply it in several requests`));
      }
      if (!failed) chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      req.body = Buffer.concat(chunks).toString('utf8');
      next();
    });
    req.on('error', (err) => {
      if (!failed) next(err);
      failed = true;
    });
  }
}
