import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { NotBlank, Optional } from '../../common/field-problems';
import { PageLimit } from '../../common/query-integer';
import { GRADES, type Grade } from '../org.entities';

/** GET /api/v1/staff: who matches what a form's staff field holds so far. */
export class StaffSearchQuery {
  @ApiPropertyOptional({
    example: 'やまだ',
    description:
      'Part of a staff id, a name (kanji, kana in hiragana or katakana, romaji) or a department or section ' +
      'name; spaces and case do not matter. Without it, everyone, by id.',
  })
  @Optional()
  @IsString()
  @Length(1, 64)
  @NotBlank()
  q?: string;

  @PageLimit(50, 20)
  limit?: number;
}

class UnitRefDto {
  @ApiProperty({ example: 'SOMU' }) id!: string;
  @ApiProperty({ example: '総務部' }) nameJa!: string;
  @ApiProperty({ example: 'General Affairs' }) nameEn!: string;
}

/** One person of the staff directory: enough to tell two 山田 apart. */
export class StaffDirectoryEntryDto {
  @ApiProperty({ example: 'S0100', description: 'What forms send (deputyId, toStaffId, staffId)' }) id!: string;
  @ApiProperty({ example: '山田 太郎' }) name!: string;
  @ApiProperty({ example: 'やまだ たろう' }) nameKana!: string;
  @ApiProperty({ example: 'Yamada Taro' }) nameRomaji!: string;
  @ApiProperty({ enum: GRADES, example: 'kakaricho' }) grade!: Grade;
  @ApiProperty({ type: UnitRefDto }) department!: UnitRefDto;
  @ApiProperty({ type: UnitRefDto }) section!: UnitRefDto;
}

export class StaffDirectoryDto {
  @ApiProperty({ type: [StaffDirectoryEntryDto], description: 'Exact id first, then ids that start so, then by id' })
  items!: StaffDirectoryEntryDto[];

  @ApiProperty({ description: 'More people match than `limit`: a longer query narrows them down' })
  more!: boolean;
}
