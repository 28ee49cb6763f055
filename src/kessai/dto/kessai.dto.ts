import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsCalendarDate, DATE, DATE_MSG } from '../../requests/dto/request.dto';
import { ABSENCE_KINDS, type AbsenceKind } from '../kessai.entities';
import { PageLimit } from '../../common/query-integer';
import { NotBlank, Optional } from '../../common/field-problems';

export class CreateAbsenceDto {
  @ApiProperty({ example: 'S0012' })
  @IsString()
  @Length(1, 64)
  staffId!: string;

  @ApiProperty({ example: '2026-12-03' })
  @Matches(DATE, DATE_MSG)
  from!: string;

  @ApiProperty({ example: '2026-12-04' })
  @Matches(DATE, DATE_MSG)
  to!: string;

  @ApiProperty({ enum: ABSENCE_KINDS })
  @IsIn(ABSENCE_KINDS)
  kind!: AbsenceKind;

  @ApiPropertyOptional({ description: 'Can reach e-kessai while away (then not absent for routing)', default: false })
  @Optional()
  @IsBoolean()
  canActRemotely?: boolean;
}

export class ListAbsencesQuery {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) staffId?: string;
  @ApiPropertyOptional() @Optional() @Matches(DATE, DATE_MSG) @IsCalendarDate() from?: string;
  @ApiPropertyOptional() @Optional() @Matches(DATE, DATE_MSG) @IsCalendarDate() to?: string;
}

export class CreateDelegationDto {
  @ApiProperty({ example: 'S0010', description: 'The approver (決裁者) who may be absent' })
  @IsString()
  @Length(1, 64)
  approverId!: string;

  @ApiProperty({ example: 'S0011', description: 'The deputy (代決者)' })
  @IsString()
  @Length(1, 64)
  deputyId!: string;

  @ApiPropertyOptional({
    description:
      'Order among the approver’s deputies (1 = first asked); absent: after those already named. ' +
      'A rank another deputy holds for overlapping days and a common class is refused (409 DELEGATION_RANK_TAKEN)',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(20)
  rank?: number;

  @ApiPropertyOptional() @Optional() @Matches(DATE, DATE_MSG) from?: string;
  @ApiPropertyOptional() @Optional() @Matches(DATE, DATE_MSG) to?: string;

  @ApiPropertyOptional({
    description: 'Request classes (routing.yaml) it covers; all when omitted',
    example: ['standard'],
  })
  @Optional()
  @IsArray()
  @ArrayNotEmpty() // a delegation for no class would stand in for nothing: omit classes for all
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  classes?: string[];
}

export class ListDelegationsQuery {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) approverId?: string;
}

export class BacklogQuery {
  @ApiPropertyOptional({ example: 'CITZ' }) @Optional() @IsString() @Length(1, 64) department?: string;
}

export class RerouteDto {
  @ApiPropertyOptional({ description: 'Target; without it each item goes to the first present deputy' })
  @Optional()
  @IsString()
  @Length(1, 64)
  toStaffId?: string;

  @ApiPropertyOptional({
    description: 'Only these tasks, each once (default: every pending task of the approver)',
    uniqueItems: true,
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  // (as PostgreSQL compares uuids: in any case)
  @ArrayUnique((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id))
  taskIds?: string[];

  @ApiProperty({ example: '課長 入院のため / section chief in hospital' })
  @IsString()
  @Length(1, 500)
  @NotBlank()
  reason!: string;

  @ApiPropertyOptional({ description: 'Preview: check every item, write nothing' })
  @Optional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'Move undecided items back when the approver returns' })
  @Optional()
  @IsBoolean()
  untilReturn?: boolean;
}

export class LimitQuery {
  @PageLimit(1000, 200)
  limit?: number;
}

export class PullForwardDto {
  @ApiPropertyOptional({ example: '急ぎのため引上げ / pulled forward: urgent' })
  @Optional()
  @IsString()
  @Length(0, 1000)
  comment?: string;
}
