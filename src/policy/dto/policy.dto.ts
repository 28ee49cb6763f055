import { Optional } from '../../common/field-problems';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, DATE, DATE_MSG } from '../../requests/dto/request.dto';

/** Policy files are at most 1 MiB (the loader refuses more with a precise error). */
const MAX_CONTENT = 1024 * 1024;

export class ValidatePolicyDto {
  @ApiProperty({ example: 'telework', description: 'File name without .yaml' })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiProperty({ description: 'The YAML text' })
  @IsString()
  @MaxLength(MAX_CONTENT + 1)
  content!: string;
}

export class ActivatePolicyDto {
  @ApiProperty({ description: 'The YAML text of the new version' })
  @IsString()
  @MaxLength(MAX_CONTENT + 1)
  content!: string;

  @ApiPropertyOptional({ description: 'Why the change (kept with the version)' })
  @Optional()
  @IsString()
  @Length(0, 1000)
  comment?: string;

  @ApiPropertyOptional({
    type: 'integer',
    description:
      'The version this edit was made from (also as If-Match); another version active by then → 409 VERSION_CONFLICT, ' +
      'nothing written: of concurrent edits of one version, one wins',
  })
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class SimulatePolicyDto extends ValidatePolicyDto {
  @ApiProperty({ example: '2026-12-01' })
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2026-12-31' })
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  to!: string;
}
