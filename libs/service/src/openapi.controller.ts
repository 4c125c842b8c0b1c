import { Controller, Get, Injectable, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';

/** Holds the OpenAPI document that `bootstrapService` builds once all routes are known. */
@Injectable()
export class OpenApiDocumentHolder {
  document: OpenAPIObject | undefined;
}

@ApiExcludeController()
@Controller({ version: VERSION_NEUTRAL })
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocumentHolder) {}

  @Get('openapi.json')
  openapi(): OpenAPIObject {
    if (!this.holder.document) throw new Error('the OpenAPI document was not built; start the service with bootstrapService()');
    return this.holder.document;
  }
}
