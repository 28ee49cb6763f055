import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors } from '../common/api-errors';
import { AllowanceService } from './allowance.service';
import { AllowanceDto, AllowanceQuery } from './dto/allowance.dto';

@ApiTags('allowance')
@ApiBearerAuth()
@Controller('api/v1/allowance')
export class AllowanceController {
  constructor(private readonly allowance: AllowanceService) {}

  @Get()
  @ApiOperation({
    summary: 'Telework allowance (在宅勤務等手当): approved home-work days per month and whether it is due',
    description:
      'A derived figure from the policy’s `allowance` (telework.yaml), never a gate: days of approved requests at ' +
      'the places it names (a half day ½, hours nothing, at most 1 a day) over its months, ending with `month`. ' +
      'One’s own; those above a person in the supervisor line theirs; admins and auditors anyone’s (else 403).',
  })
  @ApiOkResponse({ type: AllowanceDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'STAFF_NOT_FOUND', 'INTERNAL', 'POLICY_UNAVAILABLE')
  figure(@CurrentUser() c: Caller, @Query() q: AllowanceQuery) {
    return this.allowance.figure(c, q);
  }
}
