import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate, DATE, DATE_MSG } from '../../requests/dto/request.dto';
import { EFFECTS } from '../policy.types';

export class AttendanceQuery {
  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'First day (default: today in Japan; given only `to`, 13 days before it)',
  })
  @IsOptional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-11',
    description: 'Last day (default: 13 days after from); at most 31 days from `from` to `to`',
  })
  @IsOptional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    example: 'D01',
    description:
      'One department (default: those the caller may read — their own and those of the staff below them; admins and ' +
      'auditors: every department and the organisation)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  departmentId?: string;
}

class LimitStandingDto {
  @ApiProperty({ example: 'counter-floor' }) ruleId!: string;
  @ApiProperty({ enum: ['attendance_floor', 'attendance_ceiling'] }) type!: string;
  @ApiProperty({ enum: EFFECTS, description: 'What the rule does to a request that breaks it' }) effect!: string;
  @ApiProperty({
    enum: ['all', 'some'],
    description: '`all`: it judges everyone of the unit; `some`: only some of them, or some requests (its scope)',
  })
  appliesTo!: string;
  @ApiProperty({ description: 'The unit is outside the limit now: below the floor, or above the ceiling' })
  breached!: boolean;
  @ApiPropertyOptional({ type: 'integer', description: 'Floor: staff the unit must keep in the office' })
  required?: number;
  @ApiPropertyOptional({
    type: 'integer',
    description:
      'Floor: how many more may telework that day before a request meets the rule (0: the next one does; negative: below the floor already)',
  })
  room?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Ceiling: the highest share in the office, in percent' })
  maxPercent?: number;
}

class UnitDayDto {
  @ApiProperty({ example: '2026-11-30' }) date!: string;
  @ApiProperty({ type: 'integer', description: 'Active staff' }) headcount!: number;
  @ApiProperty({ type: 'integer', description: 'Teleworking with an approved request (any part of the day)' })
  approved!: number;
  @ApiProperty({ type: 'integer', description: 'Teleworking if their pending request is approved' })
  pending!: number;
  @ApiProperty({
    type: 'integer',
    description: 'On leave or a business trip (registered absences), with no telework counted that day',
  })
  onLeave!: number;
  @ApiProperty({ type: 'integer', description: 'headcount − approved − pending − onLeave' }) inOffice!: number;
  @ApiProperty({ example: 66.7, description: 'inOffice / headcount in percent, to one decimal' }) percent!: number;
  @ApiProperty({
    type: [LimitStandingDto],
    description: 'The attendance rules counting in this unit, in force that day',
  })
  limits!: LimitStandingDto[];
}

class SectionOutlookDto {
  @ApiProperty() id!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ description: 'Runs a counter (窓口) for residents' }) counterService!: boolean;
  @ApiProperty({ type: [UnitDayDto] }) days!: UnitDayDto[];
}

class DepartmentChoiceDto {
  @ApiProperty() id!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
}

class DepartmentOutlookDto {
  @ApiProperty() id!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ type: [UnitDayDto] }) days!: UnitDayDto[];
  @ApiProperty({ type: [SectionOutlookDto] }) sections!: SectionOutlookDto[];
}

class OrganisationOutlookDto {
  @ApiProperty({ type: 'integer' }) headcount!: number;
  @ApiProperty({ type: [UnitDayDto], description: 'No rule counts in the whole organisation: limits are empty' })
  days!: UnitDayDto[];
}

export class AttendanceOutlookDto {
  @ApiProperty({ example: '2026-11-30' }) from!: string;
  @ApiProperty({ example: '2026-12-11' }) to!: string;
  @ApiProperty({ type: [String], description: 'The working days of from–to on the organisation’s calendar' })
  dates!: string[];
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    description: 'The policy version the limits come from, as verdicts cite it',
  })
  policyVersion!: string;
  @ApiProperty({ example: '2026.11', description: 'Its label (telework.yaml `version:`)' }) policyLabel!: string;
  @ApiProperty({
    type: OrganisationOutlookDto,
    nullable: true,
    description: 'The whole organisation: for admins and auditors when no departmentId is given; null otherwise',
  })
  organisation!: OrganisationOutlookDto | null;
  @ApiProperty({ type: [DepartmentOutlookDto] }) departments!: DepartmentOutlookDto[];
  @ApiProperty({
    type: [DepartmentChoiceDto],
    description: 'The departments the caller may ask for as departmentId (all of them for admins and auditors)',
  })
  choices!: DepartmentChoiceDto[];
}
