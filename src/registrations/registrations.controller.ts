import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors, SENDS_BODY } from '../common/api-errors';
import { expectedVersion, IF_MATCH } from '../common/if-match';
import {
  CreateRegistrationDto,
  DecideRegistrationDto,
  ListRegistrationsQuery,
  RegistrationDto,
  RegistrationListDto,
  RevokeRegistrationDto,
  WithdrawRegistrationDto,
} from './dto/registrations.dto';
import { RegistrationsService } from './registrations.service';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('api/v1/registrations')
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Register to telework over a period from these places (テレワーク登録); the supervisor decides',
    description:
      'Once approved, a day filed within the period and places that every rule of the policy allows is approved on ' +
      'filing, as a notice (届出), and the supervisor is told; anything flagged goes the approval route as ever. ' +
      'One pending or approved registration per day: an overlapping one is 409 REGISTRATION_OVERLAPS (details: the ' +
      'one standing).',
  })
  @ApiCreatedResponse({ type: RegistrationDto })
  @ApiErrors(...SENDS_BODY, 'NO_APPROVER', 'REGISTRATION_OVERLAPS', 'NO_WORKING_DAY', 'POLICY_UNAVAILABLE')
  create(@CurrentUser() c: Caller, @Body() dto: CreateRegistrationDto) {
    return this.registrations.create(c, dto);
  }

  @Get()
  @ApiOperation({
    summary:
      'One’s registrations, or (scope=team) those of one’s staff and those one decides, or (scope=all) everyone’s',
  })
  @ApiOkResponse({ type: RegistrationListDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL')
  list(@CurrentUser() c: Caller, @Query() q: ListRegistrationsQuery) {
    return this.registrations.list(c, q);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Its approver approves or rejects a pending registration (a rejection needs a comment)',
    description: 'Decided already (also by a concurrent call): 409 ALREADY_DECIDED.',
  })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiHeader(IF_MATCH)
  @ApiErrors(...SENDS_BODY, 'NOT_FOUND', 'FORBIDDEN', 'ALREADY_DECIDED', 'COMMENT_REQUIRED', 'VERSION_CONFLICT')
  decide(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: DecideRegistrationDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return this.registrations.decide(c, id, dto.action, dto.comment, expectedVersion(dto.expectedVersion, ifMatch));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take an approved registration back, saying why: its approver, one above its holder, or an admin',
    description: 'Days already filed under it stay as they are; later ones go the approval route again.',
  })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiHeader(IF_MATCH)
  @ApiErrors(...SENDS_BODY, 'NOT_FOUND', 'FORBIDDEN', 'INVALID_TRANSITION', 'COMMENT_REQUIRED', 'VERSION_CONFLICT')
  revoke(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: RevokeRegistrationDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return this.registrations.revoke(c, id, dto.comment, expectedVersion(dto.expectedVersion, ifMatch));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Its holder gives up a pending or approved registration' })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiHeader(IF_MATCH)
  @ApiErrors(...SENDS_BODY, 'NOT_FOUND', 'FORBIDDEN', 'INVALID_TRANSITION', 'VERSION_CONFLICT')
  withdraw(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: WithdrawRegistrationDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return this.registrations.withdraw(c, id, expectedVersion(dto.expectedVersion, ifMatch));
  }
}
