import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  IsObject,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isRealDate } from '../../common/clock';
import { bilingual, NotBlank } from '../../common/field-problems';
import { IsLevel } from '../../policy/schema.common';
import { PageLimit } from '../../common/query-integer';
import { remoteWorkRequestMachine } from '../../../workflows';

export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A request's statuses: the states of the remote-work-request machine, read from it so that the two cannot drift. */
export const REQUEST_STATUSES = Object.keys(remoteWorkRequestMachine.config.states ?? {});

/** The message of a DATE check, in both languages. */
export const DATE_MSG = bilingual({
  ja: '日付は YYYY-MM-DD の形にしてください。',
  en: '$property must be a date YYYY-MM-DD',
});
/**
 * With DATE, for dates that go straight into SQL: refuses days that do not exist (2026-02-30) and year
 * 0000, which PostgreSQL's ::date would refuse with an error of its own. (class-validator's strict
 * IsISO8601 also refused real days of the years 0001–0099: JavaScript's Date.UTC reads them as 19xx.)
 */
export const IsCalendarDate = (): PropertyDecorator =>
  ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (v: unknown) => typeof v === 'string' && isRealDate(v) } },
    bilingual({ ja: '暦にある日付にしてください。', en: '$property must be a day of the calendar' }),
  );
const TIME_MSG = bilingual({ ja: '時刻は HH:MM の形にしてください。', en: '$property must be a time HH:MM' });

export class TaskDto {
  @ApiProperty({ example: '予算資料の作成 / drafting budget papers' })
  @IsString()
  @Length(1, 500)
  @NotBlank()
  description!: string;

  @ApiProperty({ enum: ['internet', 'lgwan', 'mynumber'], description: '三層: network tier the task needs' })
  @IsIn(['internet', 'lgwan', 'mynumber'])
  networkTier!: 'internet' | 'lgwan' | 'mynumber';

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string', maxLength: 8 }],
    example: 2,
    description:
      '機密性 confidentiality level: one of the policy’s levels (GET /api/v1/confidentiality-levels; 1, 2, 3 in ' +
      'the shipped policy, or "3A"… where a policy splits 3); another is a 400 naming them',
  })
  @IsLevel(
    bilingual({
      ja: '機密性の区分（1、2、3 や "3A" など）を指定してください。',
      en: '$property must be a confidentiality level such as 1, 2, 3 or "3A"',
    }),
  )
  confidentiality!: number | string;

  @ApiPropertyOptional({ description: 'A business system the task uses (e.g. payroll)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  system?: string;
}

/** A new remote-work request: one `date`, or a `from`–`to` range. */
export class CreateRequestDto {
  @ApiPropertyOptional({ example: '2026-12-03', description: 'One working day (instead of from/to)' })
  @IsOptional()
  @Matches(DATE, DATE_MSG)
  date?: string;

  @ApiPropertyOptional({ example: '2026-12-03' })
  @IsOptional()
  @Matches(DATE, DATE_MSG)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-04' })
  @IsOptional()
  @Matches(DATE, DATE_MSG)
  to?: string;

  @ApiProperty({ enum: ['full', 'am', 'pm', 'hours'] })
  @IsIn(['full', 'am', 'pm', 'hours'])
  part!: 'full' | 'am' | 'pm' | 'hours';

  @ApiPropertyOptional({ example: '13:00', description: 'With part=hours' })
  @IsOptional()
  @Matches(TIME, TIME_MSG)
  startTime?: string;

  @ApiPropertyOptional({ example: '17:15', description: 'With part=hours' })
  @IsOptional()
  @Matches(TIME, TIME_MSG)
  endTime?: string;

  @ApiProperty({ enum: ['home', 'satellite', 'other'] })
  @IsIn(['home', 'satellite', 'other'])
  location!: 'home' | 'satellite' | 'other';

  @ApiPropertyOptional({ example: 'SAT-KITA', description: 'With location=satellite' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  satelliteOfficeId?: string;

  @ApiPropertyOptional({ description: 'With location=other: where' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  locationText?: string;

  @ApiProperty({ type: [TaskDto] })
  @IsObject({ each: true }) // ValidateNested alone lets an array through as an item
  @ValidateNested({ each: true })
  @Type(() => TaskDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  tasks!: TaskDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'PC-001',
    description:
      'One of the caller’s own devices (GET /api/v1/me) or a shared one (GET /api/v1/pool-devices); a device lent ' +
      'to someone else or unknown: 400 VALIDATION_FAILED on deviceId. null on an edit: no device',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  deviceId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null on an edit clears it' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  reason?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'How to reach the applicant that day; null on an edit clears it',
  })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  contact?: string | null;

  @ApiPropertyOptional({
    description: 'Hourly telework combined with hourly leave (時間休); with part=hours only (false for any other part)',
  })
  @IsOptional()
  @IsBoolean()
  withLeave?: boolean;

  @ApiPropertyOptional({ description: 'Urgent: filed late, after phoning the supervisor' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;
}

export class UpdateRequestDto extends PartialType(CreateRequestDto) {
  @ApiPropertyOptional({ description: 'The version you edited (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class TransitionDto {
  @ApiPropertyOptional({ description: 'The version you saw (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  comment?: string;
}

/** POST /requests/{id}/revoke: the approval is taken back, and the applicant is told why. */
export class RevokeDto {
  @ApiPropertyOptional({ description: 'The version you saw (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiProperty({ maxLength: 1000, description: 'Why (told to the applicant); none or blank → 400 COMMENT_REQUIRED' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  comment?: string;
}

export const REQUEST_SCOPES = ['own', 'team', 'all'] as const;
export const REQUEST_ORDERS = ['latest', 'earliest'] as const;

export class ListRequestsQuery {
  @ApiPropertyOptional({
    enum: REQUEST_SCOPES,
    default: 'own',
    description:
      'own: the caller’s; team: of everyone below the caller in the supervisor line (who is away when), ' +
      'only requests that were submitted; all: everyone’s, only those submitted (admins and auditors; others 403)',
  })
  @IsOptional()
  @IsIn(REQUEST_SCOPES)
  scope?: (typeof REQUEST_SCOPES)[number];

  @ApiPropertyOptional({
    description: `Comma-separated statuses, e.g. draft,awaitingDecision; each one of: ${REQUEST_STATUSES.join(', ')}`,
  })
  @IsOptional()
  @Matches(
    new RegExp(`^(${REQUEST_STATUSES.join('|')})(,(${REQUEST_STATUSES.join('|')}))*$`),
    bilingual({
      ja: `状態は ${REQUEST_STATUSES.join('、')} から選び、複数ならカンマで区切ってください。`,
      en: `$property must be one or more of ${REQUEST_STATUSES.join(', ')}, separated by commas`,
    }),
  )
  status?: string;

  @ApiPropertyOptional({ description: 'Requests whose dates end on or after this day' })
  @IsOptional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Requests whose dates start on or before this day' })
  @IsOptional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    enum: REQUEST_ORDERS,
    default: 'latest',
    description:
      'latest: the latest work dates first (one’s history); earliest: the earliest first (who is away in the ' +
      'coming days, in the order they come). A cursor pages the order it was made in only',
  })
  @IsOptional()
  @IsIn(REQUEST_ORDERS)
  sort?: (typeof REQUEST_ORDERS)[number];

  @PageLimit(200, 50)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
