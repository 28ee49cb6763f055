import { ApiProperty } from '@nestjs/swagger';

/** A satellite office (GET /api/v1/satellite-offices). */
export class SatelliteOfficeDto {
  @ApiProperty({ example: 'SAT-KITA', description: 'Send as `satelliteOfficeId` on a request' }) id!: string;
  @ApiProperty({ example: '北部サテライトオフィス' }) nameJa!: string;
  @ApiProperty({ example: 'North satellite office' }) nameEn!: string;
  @ApiProperty({ description: 'Seats; a full office refuses further requests for the day' }) seats!: number;
}

/** A staff member, named: the pages show the name, the id on hover. */
export class StaffRefDto {
  @ApiProperty({ example: 'S0100' }) id!: string;
  @ApiProperty({ example: '山田 太郎' }) name!: string;
  @ApiProperty({ example: 'Yamada Taro' }) nameRomaji!: string;
}
