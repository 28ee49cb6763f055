import { Optional } from '../../common/field-problems';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { IsCalendarDate, DATE, DATE_MSG } from '../../requests/dto/request.dto';
import { PageLimit } from '../../common/query-integer';
import { TASK_ACTIONS, type TaskAction } from '../task-actions';

/** What an inbox view or an approve-matching call selects. */
export class InboxFilter {
  @ApiPropertyOptional({ example: 'CITZ', description: "Requester's department" })
  @Optional()
  @IsString()
  @Length(1, 64)
  department?: string;

  @ApiPropertyOptional({ enum: ['allow', 'needs_exception'], description: 'Policy outcome of the request' })
  @Optional()
  @IsIn(['allow', 'needs_exception'])
  outcome?: 'allow' | 'needs_exception';

  @ApiPropertyOptional({
    format: 'date',
    description: 'Tasks whose request works on this day (one of its working days)',
  })
  @Optional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  workDate?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Tasks with a working day on or after this day' })
  @Optional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  workFrom?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Tasks with a working day on or before this day; before workFrom → 400',
  })
  @Optional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  workTo?: string;

  @ApiPropertyOptional({ example: 'S0100', description: 'Requester staff id' })
  @Optional()
  @IsString()
  @Length(1, 64)
  requester?: string;

  @ApiPropertyOptional({
    enum: ['approval', 'consult', 'inform', 'kouetsu'],
    description: 'approval 決裁, consult 合議, inform 供覧, kouetsu 後閲 (review after a deputy decided or a skip)',
  })
  @Optional()
  @IsIn(['approval', 'consult', 'inform', 'kouetsu'])
  kind?: 'approval' | 'consult' | 'inform' | 'kouetsu';
}

export class InboxQuery extends InboxFilter {
  @ApiPropertyOptional({ enum: ['oldest', 'workDate'], default: 'oldest' })
  @Optional()
  @IsIn(['oldest', 'workDate'])
  sort?: 'oldest' | 'workDate';

  @PageLimit(500, 50)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 300)
  cursor?: string;
}

/** `toStep` says where a return goes: on an approval or a rejection it would be silently ignored. */
@ValidatorConstraint({ name: 'onlyWithReturn' })
class OnlyWithReturn implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as { action?: unknown }).action === 'return';
  }

  defaultMessage(): string {
    return '$property is only for action return';
  }
}

export class DecisionItemDto {
  @ApiProperty({ maxLength: 64, description: 'A task id from GET /api/v1/inbox (uuid)' })
  @IsString()
  @Length(1, 64)
  taskId!: string;

  @ApiProperty({ enum: TASK_ACTIONS })
  @IsIn(TASK_ACTIONS)
  action!: TaskAction;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required to reject or return' })
  @Optional()
  @IsString()
  @Length(0, 2000)
  comment?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: "The task's `version` as GET /api/v1/inbox showed it; another → this item VERSION_CONFLICT",
  })
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description:
      'With return only: 差し戻し to this earlier step of the route (default: to the applicant); with another ' +
      'action the call is refused (400 VALIDATION_FAILED). Only a step before the task’s own that waits for a ' +
      'decision may be named, never a 供覧 (inform) step; another answers INVALID_TRANSITION with ' +
      '`details: {toStep, step, allowed}` (`allowed`: the steps it may name, empty when only the applicant is left).',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Validate(OnlyWithReturn, { context: { ja: 'toStep は action が return のときだけ指定できます。' } })
  toStep?: number;
}

export class DecisionsDto {
  @ApiProperty({
    type: [DecisionItemDto],
    maxItems: 10_000,
    description:
      'Up to 10,000 items; more → 422 BULK_LIMIT. Their shape is checked first: one malformed item → 400 ' +
      'VALIDATION_FAILED for the whole call (`details[].field` such as `decisions.3.action`), nothing decided.',
  })
  @IsArray()
  @IsObject({ each: true }) // ValidateNested alone lets an array through as an item
  @ValidateNested({ each: true })
  @Type(() => DecisionItemDto)
  decisions!: DecisionItemDto[];
}

export class ApproveMatchingDto {
  @ApiProperty({ type: InboxFilter, description: 'An object; `{}` selects the whole inbox' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => InboxFilter)
  filter!: InboxFilter;
}
