import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { IsString, Length } from 'class-validator';
import { ApiErrors } from '../common/api-errors';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { OrgService, type DemoUser, type Me } from '../org/org.service';
import { AuthTokenDto, DemoUserDto, MeDto } from './auth-responses.dto';
import { CurrentUser, Public, type Caller } from './caller';

export class DemoLoginDto {
  /** A seeded staff id, e.g. S0100 */
  @ApiProperty({ example: 'S0100', description: 'A seeded staff id' })
  @IsString()
  @Length(1, 64)
  staffId!: string;
}

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly config: AppConfig,
    private readonly org: OrgService,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @Get('auth/demo-users')
  @ApiOperation({ summary: 'Seeded users to log in as (demo mode only; 404 otherwise)' })
  @ApiOkResponse({ type: [DemoUserDto], description: 'Every active staff member, by id, with what waits in their box' })
  @ApiErrors('NOT_FOUND', 'INTERNAL')
  demoUsers(): Promise<(DemoUser & { waiting: number })[]> {
    this.requireDemo();
    return this.org.demoUsers();
  }

  @Public()
  @Post('auth/demo-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in as a seeded user (demo mode only; 404 otherwise)' })
  @ApiOkResponse({ type: AuthTokenDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
    'UNSUPPORTED_MEDIA_TYPE',
    'NOT_FOUND',
    'STAFF_NOT_FOUND',
    'PAYLOAD_TOO_LARGE',
    'INTERNAL',
  )
  async demoLogin(@Body() body: DemoLoginDto): Promise<{ token: string }> {
    this.requireDemo();
    const caller = await this.org.findCaller(body.staffId);
    if (!caller) throw DomainError.of('STAFF_NOT_FOUND', { staffId: body.staffId });
    return { token: await this.jwt.signAsync({ sub: caller.id }) };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller, with department, grade, roles and devices' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors('UNAUTHENTICATED', 'INTERNAL')
  me(@CurrentUser() caller: Caller): Promise<Me> {
    return this.org.me(caller.id);
  }

  private requireDemo(): void {
    if (!this.config.demo) throw DomainError.of('NOT_FOUND');
  }
}
