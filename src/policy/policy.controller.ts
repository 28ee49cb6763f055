import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentUser, RequireRoles, type Caller } from '../auth/caller';
import { ApiErrors, ErrorDto, SENDS_BODY } from '../common/api-errors';
import { ERROR_CODES } from '../common/domain-error';
import { expectedVersion, IF_MATCH } from '../common/if-match';
import { ActivatePolicyDto, SimulatePolicyDto, ValidatePolicyDto } from './dto/policy.dto';
import {
  PolicyActivationDto,
  PolicyInvalidErrorDto,
  PolicySimulationDto,
  PolicyValidationDto,
  PolicyVersionDto,
  PolicyVersionSummaryDto,
} from './dto/policy-responses.dto';
import { PolicySimulation } from './policy-simulation.service';
import { PolicyStore, STORE_FILES } from './policy-store.service';

const NAME = {
  name: 'name',
  enum: STORE_FILES,
  description: 'The file, without .yaml; another name → 404 NOT_FOUND with `details: { name, known }`',
};

const POLICY_INVALID = `POLICY_INVALID: ${ERROR_CODES.POLICY_INVALID.en} \`details\`: the errors, by file, line and column`;

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
  @ApiOkResponse({ type: [PolicyVersionSummaryDto], description: 'telework, calendar, routing; without content' })
  @ApiErrors('UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL')
  list() {
    return this.store.list();
  }

  @Get(':name/versions')
  @ApiParam(NAME)
  @ApiOperation({ summary: 'Every version of one file, newest first' })
  @ApiOkResponse({ type: [PolicyVersionDto], description: 'With content; the first is the active one' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL')
  versions(@Param('name') name: string) {
    return this.store.versions(name);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a file: errors with file, line, column, path and reason' })
  @ApiOkResponse({
    type: PolicyValidationDto,
    description: 'Also when the content is invalid (valid: false); nothing is written',
  })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'NOT_FOUND')
  validate(@Body() body: ValidatePolicyDto) {
    return this.store.validate(body.name, body.content);
  }

  @Put(':name')
  @ApiParam(NAME)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Activate a new version (invalid → 422 POLICY_INVALID, active version unchanged)' })
  @ApiOkResponse({ type: PolicyActivationDto, description: 'The active version after the call, without content' })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'NOT_FOUND', 'VERSION_CONFLICT')
  @ApiUnprocessableEntityResponse({ type: PolicyInvalidErrorDto, description: POLICY_INVALID })
  async activate(
    @CurrentUser() c: Caller,
    @Param('name') name: string,
    @Body() body: ActivatePolicyDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    const from = expectedVersion(body.expectedVersion, ifMatch);
    const r = await this.store.activate(name, body.content, c.id, body.comment ?? null, true, from);
    if (!r.ok) return r; // unreachable: activate throws on invalid
    const { content: _content, ...version } = r.version;
    const [named] = await this.store.named([version]);
    return { ...named!, changed: r.changed };
  }

  @Post('simulate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Evaluate a draft against the stored requests of a period: what would change',
    description:
      'name is telework or calendar (routing → 400 VALIDATION_FAILED); to before from → 400 VALIDATION_FAILED.',
  })
  @ApiOkResponse({ type: PolicySimulationDto })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'NOT_FOUND', 'POLICY_UNAVAILABLE')
  @ApiExtraModels(PolicyInvalidErrorDto, ErrorDto)
  @ApiResponse({
    status: 422,
    description: `${POLICY_INVALID} / BULK_LIMIT: too many requests in the period, \`details: { max }\``,
    schema: { anyOf: [{ $ref: getSchemaPath(PolicyInvalidErrorDto) }, { $ref: getSchemaPath(ErrorDto) }] },
  })
  simulate(@Body() body: SimulatePolicyDto) {
    return this.simulation.run(body.name, body.content, body.from, body.to);
  }
}
