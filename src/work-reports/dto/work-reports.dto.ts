import { Optional } from '../../common/field-problems';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { StaffRefDto } from '../../org/org-responses.dto';
import { IsCalendarDate, DATE, DATE_MSG } from '../../requests/dto/request.dto';

/** POST /work-reports/start and /end: today's report, with a word for the supervisor if wanted. */
export class ReportDto {
  @ApiPropertyOptional({ example: '資料作成に着手します / starting on the budget papers', maxLength: 500 })
  @Optional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export const REPORT_SCOPES = ['own', 'team'] as const;

export class ListReportsQuery {
  @ApiPropertyOptional({ example: '2026-12-02', description: 'The working day (default: today in Japan)' })
  @Optional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({
    enum: REPORT_SCOPES,
    description: '`own` (default): one’s own day; `team`: everyone below one in the supervisor line',
  })
  @Optional()
  @IsIn(REPORT_SCOPES)
  scope?: (typeof REPORT_SCOPES)[number];
}

export class WorkDayDto {
  @ApiProperty({ type: StaffRefDto }) staff!: StaffRefDto;
  @ApiProperty({ example: '2026-12-02' }) date!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The request the day’s report is for, else the (first) approved request covering the day',
  })
  requestId!: string;
  @ApiProperty({
    example: 'approved',
    description:
      'approved while an approved request covers the day; else the status of the request reported for (revoked, ' +
      'cancelled: taken back after the start report)',
  })
  requestStatus!: string;
  @ApiProperty({
    enum: ['full', 'am', 'pm', 'hours'],
    description: 'The part of the day away: full when the day’s requests cover it whole (a morning and an afternoon)',
  })
  part!: string;
  @ApiProperty({ type: String, nullable: true, example: '13:00', description: 'hours: from' })
  startTime!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '17:15', description: 'hours: until' })
  endTime!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: not reported yet' })
  startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) startNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: not reported yet' })
  endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) endNote!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '08:30',
    description:
      'When the day’s work was to start (Japan): the request’s own start for hours, else the start of the ' +
      'working-hours window its verdict applied; null when neither says (an afternoon half day)',
  })
  plannedStart!: string | null;
  @ApiProperty({
    description:
      'The start was reported before plannedStart (work outside the window is overtime too); the supervisor’s ' +
      'notice says so',
  })
  earlyStart!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '17:15',
    description:
      'When the day’s work was to end (Japan): the request’s own end for hours, else the end of the working-hours ' +
      'window its verdict applied; null when neither says (a morning half day)',
  })
  plannedEnd!: string | null;
  @ApiProperty({
    description:
      'The end was reported after plannedEnd (no overtime on telework days); the supervisor’s notice says so',
  })
  overtime!: boolean;
}

export class WorkDaysDto {
  @ApiProperty({ example: '2026-12-02' }) date!: string;
  @ApiProperty({
    type: [WorkDayDto],
    description:
      'Everyone in scope with approved telework that day, reported or not, and those whose request was taken ' +
      'back after their start report; by staff id',
  })
  items!: WorkDayDto[];
}
