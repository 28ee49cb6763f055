import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors } from '../common/api-errors';
import { AllowanceService, type AllowanceReport } from './allowance.service';
import { allowanceCsv } from './allowance-csv';
import { AllowanceDto, AllowanceQuery, AllowanceReportDto, AllowanceReportQuery } from './dto/allowance.dto';

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

  @Get('report')
  @ApiOperation({
    summary: 'Everyone’s telework allowance figure for a month (在宅勤務等手当の集計), for the personnel section',
    description:
      'Active staff, and those who left with approved days counted in those months (at the places the allowance ' +
      'counts; `active` false), by ' +
      'department and id (of one department if asked), each figured as GET /api/v1/allowance ' +
      'figures one, with the months counted and the policy version. Admins and auditors only (else 403). ' +
      '`format=csv` answers a spreadsheet (text/csv, UTF-8 with a byte order mark) with a row a person; ' +
      'text that starts like a formula (=, +, -, @) is written behind an apostrophe, as text.',
  })
  @ApiOkResponse({ type: AllowanceReportDto })
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL', 'POLICY_UNAVAILABLE')
  async report(
    @CurrentUser() c: Caller,
    @Query() q: AllowanceReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AllowanceReport | string> {
    const report = await this.allowance.report(c, q);
    if (q.format !== 'csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="telework-allowance-${report.month}.csv"`);
    return allowanceCsv(report);
  }
}
