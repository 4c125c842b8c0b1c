import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AGENT_IDENTITY } from './tokens';

export interface AgentIdentity {
  domain: string;
  node: string;
  version: string;
}

@ApiTags('agent')
@Controller('agent')
export class AgentController {
  constructor(@Inject(AGENT_IDENTITY) private readonly identity: AgentIdentity) {}

  @Get()
  @ApiOperation({ summary: 'Who this agent is: cluster domain, node and version' })
  get(): AgentIdentity {
    return this.identity;
  }
}
