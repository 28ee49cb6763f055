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

/** GET /api/v1/auth/demo-users: a staff member to log in as. */
export class DemoUserDto extends AuthUserDto {
  @ApiProperty({ example: 7, description: 'Items waiting in their box (pending approval tasks)' }) waiting!: number;
}

/** A device: one the caller holds (GET /api/v1/me), or a shared one lent per day (GET /api/v1/pool-devices). */
export class DeviceDto {
  @ApiProperty({ example: 'PC-001', description: 'Send as `deviceId` on a request' }) id!: string;
  @ApiProperty({ example: 'loaned' }) kind!: string;
  @ApiProperty({ example: 'Loaned laptop PC-001 / 貸与PC' }) label!: string;
  @ApiProperty({ description: 'Reaches the internal network from outside the office' }) remoteCapable!: boolean;
}

/** GET /api/v1/me: the caller, with the devices they hold. */
export class MeDto extends AuthUserDto {
  @ApiProperty({ type: [DeviceDto], description: 'Devices the caller holds, by id' }) devices!: DeviceDto[];
  @ApiProperty({
    type: [String],
    example: ['S0084'],
    description: 'Approvers who name the caller as a deputy (代決者), in any period: the absences page is theirs too',
  })
  deputyFor!: string[];
}

/** POST /api/v1/auth/demo-login. */
export class AuthTokenDto {
  @ApiProperty({ description: 'Bearer token: send as `Authorization: Bearer <token>`' }) token!: string;
}
