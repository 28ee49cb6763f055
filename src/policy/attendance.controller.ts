import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors } from '../common/api-errors';
import { AttendanceService, OUTLOOK_MAX_DAYS } from './attendance.service';
import { AttendanceOutlookDto, AttendanceQuery } from './dto/attendance.dto';

@ApiTags('attendance')
@ApiBearerAuth()
@Controller('api/v1/attendance')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Get()
  @ApiOperation({
    summary: 'Office attendance (出勤率) per working day, by department and section, against the policy’s limits',
    description:
      'Counts as the policy does: a person with an approved or pending request for any part of a day is away that day. ' +
      'Each attendance floor and ceiling in force says whether the unit is outside it and, for a floor, how many more ' +
      'may telework. Everyone reads their own department and those of the staff below them (another → 403; ' +
      '`choices` lists them); admins and auditors any, and the whole organisation when no departmentId is given. ' +
      `from–to spans at most ${OUTLOOK_MAX_DAYS} days (else 400 on \`to\`).`,
  })
  @ApiOkResponse({ type: AttendanceOutlookDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL', 'POLICY_UNAVAILABLE')
  outlook(@CurrentUser() c: Caller, @Query() q: AttendanceQuery) {
    return this.attendance.outlook(c, q);
  }
}
