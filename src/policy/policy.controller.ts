import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRoles, type Caller } from '../auth/caller';
import { ActivatePolicyDto, SimulatePolicyDto, ValidatePolicyDto } from './dto/policy.dto';
import { PolicySimulation } from './policy-simulation.service';
import { PolicyStore } from './policy-store.service';

@ApiTags('policies')
@ApiBearerAuth()
@RequireRoles('admin')
@Controller('api/v1/policies')
export class PolicyController {
  constructor(
    private readonly store: PolicyStore,
    private readonly simulation: PolicySimulation,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The active version of each policy file (hash, activated at and by)' })
  list() {
    return this.store.list();
  }

  @Get(':name/versions')
  @ApiOperation({ summary: 'Every version of one file, newest first' })
  versions(@Param('name') name: string) {
    return this.store.versions(name);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a file: errors with file, line, column, path and reason' })
  validate(@Body() body: ValidatePolicyDto) {
    return this.store.validate(body.name, body.content);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Activate a new version (invalid → 422 POLICY_INVALID, active version unchanged)' })
  async activate(@CurrentUser() c: Caller, @Param('name') name: string, @Body() body: ActivatePolicyDto) {
    const r = await this.store.activate(name, body.content, c.id, body.comment ?? null);
    if (!r.ok) return r; // unreachable: activate throws on invalid
    const { content: _content, ...version } = r.version;
    return { ...version, changed: r.changed };
  }

  @Post('simulate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate a draft against the stored requests of a period: what would change' })
  simulate(@Body() body: SimulatePolicyDto) {
    return this.simulation.run(body.name, body.content, body.from, body.to);
  }
}
