import { ApiProperty } from '@nestjs/swagger';
import { DepartmentRefDto } from '../inbox/dto/inbox-responses.dto';
import { EMPLOYMENT_TYPES, GRADES, ROLES } from '../org/org.entities';

/** What the demo identity endpoints and /me answer (documentation only: OrgService builds them). */

/** An active staff member (DemoUser / Me of OrgService). */
export class AuthUserDto {
  @ApiProperty({ example: 'S0045' }) id!: string;
  @ApiProperty({ example: '山田 太郎', description: 'In Japanese' }) name!: string;
  @ApiProperty({ example: 'Yamada Taro' }) nameRomaji!: string;
  @ApiProperty({ type: DepartmentRefDto }) department!: DepartmentRefDto;
  @ApiProperty({ type: DepartmentRefDto }) section!: DepartmentRefDto;
  @ApiProperty({ enum: GRADES, description: 'From 主事 (staff) up to 市長 (shicho)' }) grade!: string;
  @ApiProperty({ enum: EMPLOYMENT_TYPES, description: '正規 / 会計年度任用' }) employmentType!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Staff id of the supervisor (所属長); null: none' })
  supervisorId!: string | null;
  @ApiProperty({ description: 'Holds a remote-capable device' }) hasRemoteDevice!: boolean;
}

/** POST /api/v1/auth/demo-login. */
export class AuthTokenDto {
  @ApiProperty({ description: 'Bearer token: send as `Authorization: Bearer <token>`' }) token!: string;
}
