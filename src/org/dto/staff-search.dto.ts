import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { AuthUserDto } from '../../auth/auth-responses.dto';
import { IsString, Length } from 'class-validator';
import { NotBlank, Optional } from '../../common/field-problems';
import { PageLimit } from '../../common/query-integer';

/** GET /api/v1/staff: who matches what a form's staff field holds so far. */
export class StaffSearchQuery {
  @ApiPropertyOptional({
    example: 'やまだ',
    description:
      'Part of a staff id, a name (kanji, kana in hiragana or katakana, romaji) or a department or section ' +
      'name; spaces, case, width and katakana or hiragana do not matter. Without it, everyone, by id; blank: 400.',
  })
  @Optional()
  @IsString()
  @Length(1, 64)
  @NotBlank()
  q?: string;

  @PageLimit(50, 20)
  limit?: number;
}

/** One person of the staff directory: enough to tell two 山田 apart. */
export class StaffDirectoryEntryDto extends PickType(AuthUserDto, [
  'id',
  'name',
  'nameRomaji',
  'grade',
  'department',
  'section',
] as const) {
  @ApiProperty({ example: 'やまだ たろう' }) nameKana!: string;
}

export class StaffDirectoryDto {
  @ApiProperty({
    type: [StaffDirectoryEntryDto],
    description:
      'The exact id first, then ids that start so, then those a field or word of whose starts so, then by id',
  })
  items!: StaffDirectoryEntryDto[];

  @ApiProperty({ description: 'More people match than `limit`: a longer query narrows them down' })
  more!: boolean;
}
