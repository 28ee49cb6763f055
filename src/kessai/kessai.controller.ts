import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Caller } from '../auth/caller';
import { AbsenceService } from './absence.service';
import { BacklogService } from './backlog.service';
import { DelegationService } from './delegation.service';
import {
  BacklogQuery,
  CreateAbsenceDto,
  CreateDelegationDto,
  LimitQuery,
  ListAbsencesQuery,
  ListDelegationsQuery,
  PullForwardDto,
  RerouteDto,
} from './dto/kessai.dto';
import { PullForwardService } from './pull-forward.service';
import { RerouteService } from './reroute.service';

@ApiTags('absences')
@ApiBearerAuth()
@Controller('api/v1/absences')
export class AbsencesController {
  constructor(private readonly absences: AbsenceService) {}

  @Post()
  @ApiOperation({ summary: 'Register an absence (不在): leave, trip, telework or other; routing reads it at once' })
  create(@CurrentUser() c: Caller, @Body() dto: CreateAbsenceDto) {
    return this.absences.create(c, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Absences, filtered by staff and period' })
  list(@CurrentUser() c: Caller, @Query() q: ListAbsencesQuery) {
    return this.absences.list(c, q);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an absence' })
  remove(@CurrentUser() c: Caller, @Param('id') id: string) {
    return this.absences.remove(c, id);
  }
}

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('api/v1/delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationService) {}

  @Post()
  @ApiOperation({ summary: 'Name a deputy (代決者); refused for cycles, too-deep chains and missing authority' })
  create(@CurrentUser() c: Caller, @Body() dto: CreateDelegationDto) {
    return this.delegations.create(c, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Delegations (of one approver, as approver or deputy)' })
  list(@Query() q: ListDelegationsQuery) {
    return this.delegations.list(q.approverId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a delegation' })
  remove(@CurrentUser() c: Caller, @Param('id') id: string) {
    return this.delegations.remove(c, id);
  }
}

@ApiTags('backlog')
@ApiBearerAuth()
@Controller('api/v1/backlog')
export class BacklogController {
  constructor(
    private readonly backlog: BacklogService,
    private readonly reroutes: RerouteService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every approver’s box: pending, oldest age (working hours), overdue, absences, forecast' })
  overview(@CurrentUser() c: Caller, @Query() q: BacklogQuery) {
    return this.backlog.overview(c, q.department);
  }

  @Get(':approverId')
  @ApiOperation({ summary: 'The pending items of one approver' })
  items(@CurrentUser() c: Caller, @Param('approverId') approverId: string, @Query() q: LimitQuery) {
    return this.backlog.items(c, approverId, q.limit);
  }

  @Post(':approverId/reroute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move an approver’s backlog (preview with dryRun); admins and superiors only' })
  reroute(@CurrentUser() c: Caller, @Param('approverId') approverId: string, @Body() dto: RerouteDto) {
    return this.reroutes.reroute(c, approverId, dto);
  }
}

@ApiTags('routes')
@ApiBearerAuth()
@Controller('api/v1/routes')
export class RoutesController {
  constructor(private readonly pull: PullForwardService) {}

  @Post(':requestId/pull-forward')
  @HttpCode(200)
  @ApiOperation({ summary: '引上げ: a later approver decides now; skipped approvers review afterwards (後閲)' })
  pullForward(@CurrentUser() c: Caller, @Param('requestId') requestId: string, @Body() dto: PullForwardDto) {
    return this.pull.pullForward(c, requestId, dto.comment);
  }
}
