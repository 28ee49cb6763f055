import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ApiErrors, MessageDto } from '../common/api-errors';
import { addDays, CALENDAR_KNOWN_UNTIL, daysBetween } from '../common/clock';
import { fieldProblems, invalidFields, pastTheCalendar, toBeforeFrom } from '../common/field-problems';
import { DATE, DATE_MSG, IsCalendarDate } from '../requests/dto/request.dto';
import { PolicyStore } from './policy-store.service';

/** Most days one call lists. */
export const CALENDAR_MAX_DAYS = 366;

export class CalendarQuery {
  @ApiProperty({ example: '2026-12-21', description: 'First day' })
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2027-01-08',
    description: `Last day: not before from, at most ${CALENDAR_MAX_DAYS} days in all, not after ${CALENDAR_KNOWN_UNTIL}`,
  })
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  to!: string;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2026-12-29' }) date!: string;
  @ApiProperty({ description: 'A working day (開庁日) of the organisation: requests name these' }) working!: boolean;
  @ApiProperty({
    type: MessageDto,
    nullable: true,
    description:
      'Why the office is closed that day (a national holiday by name, a closure of calendar.yaml, a weekend); null on a working day',
  })
  closed!: MessageDto | null;
}

export class CalendarDto {
  @ApiProperty({ type: [CalendarDayDto], description: 'Every day from `from` to `to`, in order' })
  days!: CalendarDayDto[];
  @ApiProperty({ description: 'The policy whose calendar this is (as verdicts cite it)' }) policyVersion!: string;
  @ApiProperty({ example: '2026.11', description: 'Its label (telework.yaml `version:`)' }) policyLabel!: string;
}

/**
 * The organisation's calendar in force (national holidays, calendar.yaml's closures and openings): which
 * days are working days, and why the others are not. Requests, notice periods and limits count these days;
 * pages read them to lay out a period by working day.
 */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly store: PolicyStore) {}

  @Get()
  @ApiOperation({ summary: 'Working days (開庁日) and closed days of a period, by the calendar in force' })
  @ApiOkResponse({ type: CalendarDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INTERNAL', 'POLICY_UNAVAILABLE')
  async days(@Query() q: CalendarQuery): Promise<CalendarDto> {
    if (q.to < q.from) throw invalidFields(toBeforeFrom());
    if (daysBetween(q.from, q.to) + 1 > CALENDAR_MAX_DAYS)
      throw invalidFields(
        fieldProblems('to', {
          ja: `一度に表示できるのは${CALENDAR_MAX_DAYS}日までです。`,
          en: `at most ${CALENDAR_MAX_DAYS} days at a time`,
        }),
      );
    if (q.to > CALENDAR_KNOWN_UNTIL) throw invalidFields(pastTheCalendar('to'));
    const policy = await this.store.active();
    const days: CalendarDayDto[] = [];
    for (let n = 0; n <= daysBetween(q.from, q.to); n++) {
      const date = addDays(q.from, n);
      const working = policy.calendar.isWorkingDay(date);
      const closed = working ? null : policy.calendar.closedReason(date);
      days.push({ date, working, closed: closed && { ja: closed.ja, en: closed.en } });
    }
    return { days, policyVersion: policy.hash, policyLabel: policy.version };
  }
}
