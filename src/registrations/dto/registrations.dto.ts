import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';
import { Optional } from '../../common/field-problems';
import { PageLimit } from '../../common/query-integer';
import { LOCATIONS } from '../../policy/policy.facts';
import { DATE, DATE_MSG } from '../../requests/dto/request.dto';
import { REGISTRATION_STATUSES } from '../registration.entity';

export class CreateRegistrationDto {
  @ApiProperty({ example: '2026-12-01', description: 'First day it covers' })
  @Matches(DATE, DATE_MSG)
  from!: string;

  @ApiProperty({ example: '2027-03-31', description: 'Last day it covers (at most a year after from)' })
  @Matches(DATE, DATE_MSG)
  to!: string;

  @ApiProperty({ enum: LOCATIONS, isArray: true, example: ['home'], description: 'Where its days may be spent' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LOCATIONS.length)
  @ArrayUnique()
  @IsIn(LOCATIONS, { each: true })
  locations!: (typeof LOCATIONS)[number][];

  @ApiPropertyOptional({ maxLength: 1000, description: 'Why, for the supervisor (育児, 通院 …)' })
  @Optional()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

export class DecideRegistrationDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  action!: 'approve' | 'reject';

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required to reject' })
  @Optional()
  @IsString()
  @Length(0, 1000)
  comment?: string;

  @ExpectedVersion()
  expectedVersion?: number;
}

/** The version of a registration a change was made from (or If-Match): another → 409 VERSION_CONFLICT. */
function ExpectedVersion(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      minimum: 1,
      description: 'The version you saw (or If-Match); another → 409 VERSION_CONFLICT',
    }),
    Optional(),
    IsInt(),
    Min(1),
  );
}

/** A withdrawal names at most the version it was made from. */
export class WithdrawRegistrationDto {
  @ExpectedVersion()
  expectedVersion?: number;
}

export class RevokeRegistrationDto {
  @ApiProperty({
    maxLength: 1000,
    description: 'Why (its holder reads it on their page: endComment); none or blank → 400 COMMENT_REQUIRED',
  })
  @Optional()
  @IsString()
  @Length(0, 1000)
  comment?: string;

  @ExpectedVersion()
  expectedVersion?: number;
}

export const REGISTRATION_SCOPES = ['own', 'team', 'all'] as const;

export class ListRegistrationsQuery {
  @ApiPropertyOptional({
    enum: REGISTRATION_SCOPES,
    default: 'own',
    description:
      "own: the caller's; team: those of the staff below the caller, and those the caller approves; all: everyone's " +
      '(admins and auditors, who may revoke any; others 403)',
  })
  @Optional()
  @IsIn(REGISTRATION_SCOPES)
  scope?: (typeof REGISTRATION_SCOPES)[number];

  @PageLimit(200, 50)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

class PersonDto {
  @ApiProperty({ example: 'S0100' }) id!: string;
  @ApiProperty({ example: '青木 花子' }) name!: string;
  @ApiProperty({ example: 'Aoki Hanako' }) nameRomaji!: string;
}

export class RegistrationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: PersonDto, description: 'Whose registration' }) staff!: PersonDto;
  @ApiProperty({ type: PersonDto, description: 'Who decides it: the holder’s supervisor when it was made' })
  approver!: PersonDto;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ enum: LOCATIONS, isArray: true }) locations!: string[];
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ type: PersonDto, nullable: true, description: 'Who approved or rejected it' })
  decidedBy!: PersonDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reason given with a rejection' })
  comment!: string | null;
  @ApiProperty({ type: PersonDto, nullable: true, description: 'Who revoked or withdrew it (who approved it stays)' })
  endedBy!: PersonDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reason given with a revocation' })
  endComment!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class RegistrationListDto {
  @ApiProperty({ type: [RegistrationDto], description: 'Pending first, then the latest period first' })
  items!: RegistrationDto[];

  @ApiPropertyOptional({ description: 'Cursor of the next page (absent on the last)' })
  next?: string;
}
