import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors, SENDS_BODY } from '../common/api-errors';
import { ListReportsQuery, ReportDto, WorkDayDto, WorkDaysDto } from './dto/work-reports.dto';
import { WorkReportsService } from './work-reports.service';

@ApiTags('work-reports')
@ApiBearerAuth()
@Controller('api/v1/work-reports')
export class WorkReportsController {
  constructor(private readonly reports: WorkReportsService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report the start of today’s telework (始業報告); the supervisor is told',
    description:
      'For today (Japan) and a day an approved request of the caller covers (else 409 NO_TELEWORK_TODAY); ' +
      'once a day (again: 409 ALREADY_REPORTED).',
  })
  @ApiOkResponse({ type: WorkDayDto, description: 'Today, as reported' })
  @ApiErrors(...SENDS_BODY, 'NO_TELEWORK_TODAY', 'ALREADY_REPORTED')
  start(@CurrentUser() c: Caller, @Body() dto: ReportDto) {
    return this.reports.start(c, dto.note);
  }

  @Post('end')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report the end of today’s telework (終業報告); the supervisor is told',
    description:
      'Ends today’s report, or yesterday’s while it is open (a day started before midnight). Before the start: ' +
      '409 NOT_STARTED; without telework today: 409 NO_TELEWORK_TODAY; once a day (again: 409 ALREADY_REPORTED).',
  })
  @ApiOkResponse({ type: WorkDayDto, description: 'Today, as reported' })
  @ApiErrors(...SENDS_BODY, 'NOT_STARTED', 'NO_TELEWORK_TODAY', 'ALREADY_REPORTED')
  end(@CurrentUser() c: Caller, @Body() dto: ReportDto) {
    return this.reports.end(c, dto.note);
  }

  @Get()
  @ApiOperation({
    summary: 'Who teleworks on a day and what they reported: oneself, or one’s staff (scope=team)',
  })
  @ApiOkResponse({ type: WorkDaysDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INTERNAL')
  list(@CurrentUser() c: Caller, @Query() q: ListReportsQuery) {
    return this.reports.list(c, q);
  }
}
