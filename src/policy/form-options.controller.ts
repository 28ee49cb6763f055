import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors, MessageDto } from '../common/api-errors';
import type { Label } from './policy.types';
import { PolicyStore } from './policy-store.service';

export class BusinessSystemDto {
  @ApiProperty({ example: 'payroll', description: 'Send as a task’s `system`' }) id!: string;
  @ApiProperty({ type: MessageDto, description: 'Its name, as the policy gives it' }) label!: MessageDto;
  @ApiProperty({
    description: 'Whether it can be reached from outside the office (false: a task needing it is denied)',
  })
  reachableRemotely!: boolean;
}

/**
 * The business systems the policy in force names, for the request form to offer beside each
 * task: a system the policy says cannot be reached from outside the office (`remote_systems`)
 * makes a request that names it for a task deny, so people must be able to name it.
 */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/business-systems')
export class BusinessSystemsController {
  constructor(private readonly store: PolicyStore) {}

  @Get()
  @ApiOperation({ summary: 'The business systems the active policy names, for a request’s tasks' })
  @ApiOkResponse({ type: [BusinessSystemDto] })
  @ApiErrors('UNAUTHENTICATED', 'INTERNAL', 'POLICY_UNAVAILABLE')
  async list(): Promise<BusinessSystemDto[]> {
    const policy = await this.store.active();
    const named = new Map<string, BusinessSystemDto>();
    for (const rule of policy.rules) {
      if (rule.type !== 'remote_systems') continue;
      for (const [id, label] of rule.params as ReadonlyMap<string, Label>)
        if (!named.has(id)) named.set(id, { id, label: { ja: label.ja, en: label.en }, reachableRemotely: false });
    }
    return [...named.values()];
  }
}

export class ConfidentialityLevelDto {
  @ApiProperty({ example: '2', description: 'Send as a task’s `confidentiality` (a number where it is one)' })
  level!: string;
  @ApiProperty({ type: 'integer', description: 'Its rank: 1 for the lowest, upwards' }) rank!: number;
}

/**
 * The confidentiality levels (機密性) of the policy in force, lowest first, for the request form:
 * a policy may split 3 into 3A/3B/3C, so the form offers what the policy says, not a fixed 1–3.
 */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/confidentiality-levels')
export class ConfidentialityLevelsController {
  constructor(private readonly store: PolicyStore) {}

  @Get()
  @ApiOperation({ summary: 'The confidentiality levels the active policy knows, lowest first' })
  @ApiOkResponse({ type: [ConfidentialityLevelDto] })
  @ApiErrors('UNAUTHENTICATED', 'INTERNAL', 'POLICY_UNAVAILABLE')
  async list(): Promise<ConfidentialityLevelDto[]> {
    const policy = await this.store.active();
    return [...policy.levels].sort((a, b) => a[1] - b[1]).map(([level], i) => ({ level, rank: i + 1 }));
  }
}

export class RoutingClassDto {
  @ApiProperty({ example: 'standard', description: 'Send in a delegation’s `classes`' }) id!: string;
  @ApiProperty({ type: MessageDto, nullable: true, description: 'Its name, as routing.yaml gives it' })
  label!: MessageDto | null;
  @ApiProperty({ example: 'kacho', description: 'The grade that decides it (専決)' }) decider!: string;
  @ApiProperty({ example: 'kacho_hosa', description: 'The lowest grade that may decide it as 代決' })
  deputyMinGrade!: string;
  @ApiProperty({ description: 'Whether a deputy may decide it in the approver’s place (代決)' }) daiketsu!: boolean;
}

/**
 * The classes of matter (決裁区分) the routing in force knows, for the deputy form: a deputy may be
 * named for some classes only, which people pick by name, not by routing.yaml's ids.
 */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/routing-classes')
export class RoutingClassesController {
  constructor(private readonly store: PolicyStore) {}

  @Get()
  @ApiOperation({ summary: 'The classes of matter (決裁区分) of the active routing, for a delegation’s classes' })
  @ApiOkResponse({ type: [RoutingClassDto] })
  @ApiErrors('UNAUTHENTICATED', 'INTERNAL', 'POLICY_UNAVAILABLE')
  async list(): Promise<RoutingClassDto[]> {
    const routing = await this.store.activeRouting();
    return Object.entries(routing.classes).map(([id, c]) => ({
      id,
      label: c.label ? { ja: c.label.ja, en: c.label.en } : null,
      decider: c.decider,
      deputyMinGrade: c.deputyMinGrade,
      daiketsu: c.daiketsu,
    }));
  }
}
