import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors, SENDS_BODY } from '../common/api-errors';
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
import {
  AbsenceDto,
  BacklogItemsDto,
  BacklogOverviewDto,
  DelegationDto,
  PullForwardResultDto,
  RerouteResultsDto,
} from './dto/kessai-responses.dto';
import { PullForwardService } from './pull-forward.service';
import { RerouteService } from './reroute.service';

@ApiTags('absences')
@ApiBearerAuth()
@Controller('api/v1/absences')
export class AbsencesController {
  constructor(private readonly absences: AbsenceService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an absence (不在): leave, trip, telework or other; routing reads it at once',
    description:
      'The same absence registered by hand again (same staff, days and kind) is refused: 409 ABSENCE_DUPLICATE. ' +
      'One already over (to before today) is a 400 VALIDATION_FAILED on to: routing would never read it.',
  })
  @ApiCreatedResponse({ type: AbsenceDto, description: 'The absence as registered (source manual)' })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'STAFF_NOT_FOUND', 'ABSENCE_DUPLICATE', 'POLICY_UNAVAILABLE')
  create(@CurrentUser() c: Caller, @Body() dto: CreateAbsenceDto) {
    return this.absences.create(c, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Absences, filtered by staff and period' })
  @ApiOkResponse({
    type: [AbsenceDto],
    description:
      "Earliest first; at most 1,000. One's own, those below one in the supervisor line and those one is deputy " +
      "for (admins and auditors: everyone's); someone else's staffId → 403",
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'STAFF_NOT_FOUND', 'INTERNAL')
  list(@CurrentUser() c: Caller, @Query() q: ListAbsencesQuery) {
    return this.absences.list(c, q);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an absence',
    description:
      'The person, one above them, or an admin. One the caller may not read is 404, as an id that is none; ' +
      'one they may read but not manage (a deputy) 403. An absence of today taken back gives the approver back ' +
      'what a deputy has not yet decided for them (代決). One that an approved telework request made is 409 ' +
      'ABSENCE_FROM_REQUEST: it ends with the request (cancelled, or its approval revoked).',
  })
  @ApiNoContentResponse({ description: 'Removed (with its pending start and end timers)' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'STAFF_NOT_FOUND',
    'ABSENCE_FROM_REQUEST',
    'INTERNAL',
  )
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
  @ApiOperation({
    summary:
      'Name a deputy (代決者); refused for cycles, too-deep chains, missing authority, a rank already held and ' +
      'a deputy already named for overlapping days',
  })
  @ApiCreatedResponse({ type: DelegationDto, description: 'The delegation as registered' })
  @ApiErrors(
    ...SENDS_BODY,
    'FORBIDDEN',
    'STAFF_NOT_FOUND',
    'DELEGATION_SELF',
    'DELEGATION_RANK_TAKEN',
    'DELEGATION_DUPLICATE',
    'DELEGATION_CYCLE',
    'DELEGATION_TOO_DEEP',
    'DEPUTY_LACKS_AUTHORITY',
    'POLICY_UNAVAILABLE',
  )
  create(@CurrentUser() c: Caller, @Body() dto: CreateDelegationDto) {
    return this.delegations.create(c, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Delegations (of one approver, as approver or deputy)' })
  @ApiOkResponse({ type: [DelegationDto], description: 'By approver, then rank; at most 1,000' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'STAFF_NOT_FOUND', 'INTERNAL')
  list(@Query() q: ListDelegationsQuery) {
    return this.delegations.list(q.approverId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a delegation' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'STAFF_NOT_FOUND', 'INTERNAL')
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
  @ApiOkResponse({
    type: BacklogOverviewDto,
    description:
      'Admins: any department; supervisors: their own, and (without department) the boxes below them in any department',
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL', 'POLICY_UNAVAILABLE')
  overview(@CurrentUser() c: Caller, @Query() q: BacklogQuery) {
    return this.backlog.overview(c, q.department);
  }

  @Get(':approverId')
  @ApiOperation({ summary: 'The pending items of one approver' })
  @ApiOkResponse({
    type: BacklogItemsDto,
    description:
      'For the approver, admins, approvers of their department, and those above them in the supervisor line (any department)',
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'STAFF_NOT_FOUND', 'INTERNAL', 'POLICY_UNAVAILABLE')
  items(@CurrentUser() c: Caller, @Param('approverId') approverId: string, @Query() q: LimitQuery) {
    return this.backlog.items(c, approverId, q.limit);
  }

  @Post(':approverId/reroute')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move an approver’s backlog (preview with dryRun); admins and superiors only',
    description:
      'Each result is `{taskId, ok: true, to, onBehalfOf?}` or `{taskId, ok: false, code, message, details?}`. ' +
      'Item codes: NOT_ASSIGNEE (also for ids that are not pending approval or 合議 tasks of the approver), ' +
      'NOT_ASSIGNEE with details.reason for an item that left the box already (rerouted, escalated…), ' +
      'ALREADY_DECIDED (details.requestStatus when its request was withdrawn, cancelled, expired or revoked), ' +
      'NO_DEPUTY, DELEGATION_SELF (toStaffId is the approver), DEPUTY_IS_REQUESTER, ' +
      'DEPUTY_LACKS_AUTHORITY, INVALID_TRANSITION (the route ' +
      'refused the move), NOT_FOUND, NOT_MOVED (another part of a large move failed; nothing changed for this ' +
      'item: send it again).',
  })
  @ApiOkResponse({ type: RerouteResultsDto, description: 'Also when every item was refused: each says why' })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'STAFF_NOT_FOUND', 'UNTIL_RETURN_NEEDS_ABSENCE', 'POLICY_UNAVAILABLE')
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
  @ApiOperation({
    summary: '引上げ: a later approver decides now; skipped approvers review afterwards (後閲)',
    description:
      'The route decides who may: the requester, a caller who is not an approver of a later step, or a pull over ' +
      'a 合議 (consultation) answers 409 INVALID_TRANSITION with `details.reason` (requester, notLaterApprover, ' +
      'consultation) and a message saying so; a request without a route (a draft, a notice approved on filing) or ' +
      'whose route has ended, 409 INVALID_TRANSITION with its state; one the caller may not read (as GET ' +
      '/api/v1/requests/{id}: not its requester, an approver on its route or above its requester, an admin or an ' +
      'auditor), 404 REQUEST_NOT_FOUND. An approval that would break a collective limit answers 409 ' +
      'POLICY_LIMIT_REACHED.',
  })
  @ApiOkResponse({ type: PullForwardResultDto, description: 'Where the route and the request stand now' })
  @ApiErrors(...SENDS_BODY, 'REQUEST_NOT_FOUND', 'INVALID_TRANSITION', 'POLICY_LIMIT_REACHED', 'POLICY_UNAVAILABLE')
  pullForward(@CurrentUser() c: Caller, @Param('requestId') requestId: string, @Body() dto: PullForwardDto) {
    return this.pull.pullForward(c, requestId, dto.comment);
  }
}
