import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { bilingual } from '../../common/field-problems';
import { MessageDto } from '../../common/api-errors';
import { DepartmentRefDto } from '../../inbox/dto/inbox-responses.dto';
import { StaffRefDto } from '../../org/org-responses.dto';
import { LOCATIONS } from '../policy.facts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_MSG = bilingual({ ja: '月は YYYY-MM の形にしてください。', en: '$property must be a month YYYY-MM' });

export class AllowanceQuery {
  @ApiPropertyOptional({ example: 'S0101', description: 'Whose (default: the caller)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  staffId?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'The last month counted (default: this month in Japan)' })
  @IsOptional()
  @Matches(MONTH, MONTH_MSG)
  month?: string;
}

/** GET /api/v1/allowance/report: everyone's figure, for the personnel section. */
export class AllowanceReportQuery {
  @ApiPropertyOptional({ example: '2026-12', description: 'The last month counted (default: this month in Japan)' })
  @IsOptional()
  @Matches(MONTH, MONTH_MSG)
  month?: string;

  @ApiPropertyOptional({ example: 'CITZ', description: 'Only this department’s staff (unknown: 404)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  department?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: 'csv: a spreadsheet (UTF-8 with a byte order mark, as Excel reads Japanese), one row a person',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

class MonthDaysDto {
  @ApiProperty({ example: '2026-12' }) month!: string;
  @ApiProperty({ example: 11.5, description: 'Approved telework days at the counted places (½ for a half day)' })
  days!: number;
}

class AllowanceRuleDto {
  @ApiProperty({ type: MessageDto }) label!: MessageDto;
  @ApiProperty({ example: 10 }) minDaysPerMonth!: number;
  @ApiProperty({ example: 3 }) months!: number;
  @ApiProperty({ enum: LOCATIONS, isArray: true }) locations!: string[];
}

export class AllowanceDto {
  @ApiProperty({ type: StaffRefDto }) staff!: StaffRefDto;
  @ApiProperty({ type: [MonthDaysDto], description: 'Oldest first, ending with the month asked for' })
  months!: MonthDaysDto[];
  @ApiProperty({ example: 10.5, description: 'Days per month over those months, to two decimals' }) average!: number;
  @ApiProperty({
    type: AllowanceRuleDto,
    nullable: true,
    description: 'telework.yaml `allowance`; null when the policy describes none (3 months are counted then)',
  })
  rule!: AllowanceRuleDto | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'The average is above minDaysPerMonth; null without a rule',
  })
  due!: boolean | null;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) policyVersion!: string;
  @ApiProperty({ example: '2026.11', description: 'Its label (telework.yaml `version:`)' }) policyLabel!: string;
}

class AllowanceReportItemDto {
  @ApiProperty({ type: StaffRefDto }) staff!: StaffRefDto;
  @ApiProperty({ type: DepartmentRefDto }) department!: DepartmentRefDto;
  @ApiProperty({ description: 'Still on the staff (one who left is listed for approved days in these months)' })
  active!: boolean;
  @ApiProperty({ type: [MonthDaysDto], description: 'Oldest first, ending with the month asked for' })
  months!: MonthDaysDto[];
  @ApiProperty({ example: 10.5 }) average!: number;
  @ApiProperty({ type: Boolean, nullable: true }) due!: boolean | null;
}

export class AllowanceReportDto {
  @ApiProperty({ example: '2026-12', description: 'The last month counted' }) month!: string;
  @ApiProperty({ type: [String], example: ['2026-10', '2026-11', '2026-12'] }) months!: string[];
  @ApiProperty({ type: AllowanceRuleDto, nullable: true }) rule!: AllowanceRuleDto | null;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) policyVersion!: string;
  @ApiProperty({ example: '2026.11', description: 'Its label (telework.yaml `version:`)' }) policyLabel!: string;
  @ApiProperty({
    type: [AllowanceReportItemDto],
    description:
      'Active staff, and those who left with approved days counted in these months, by department and id, each figured ' +
      'as GET /api/v1/allowance figures one',
  })
  items!: AllowanceReportItemDto[];
}
