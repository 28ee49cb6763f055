import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors, SENDS_BODY } from '../common/api-errors';
import { expectedVersion, IF_MATCH } from '../common/if-match';
import { CreateRequestDto, ListRequestsQuery, RevokeDto, TransitionDto, UpdateRequestDto } from './dto/request.dto';
import {
  RequestAuditDto,
  RequestPreviewDto,
  RequestPageDto,
  RequestViewDto,
  RoutePersonDto,
} from './dto/request-responses.dto';
import type { RequestView } from './request.view';
import { RequestsService } from './requests.service';

@ApiTags('requests')
@ApiBearerAuth()
@ApiExtraModels(RoutePersonDto) // the values of a route's `people`
@Controller('api/v1/requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @ApiOperation({
    summary: 'Draft a remote-work request (テレワーク申請の下書き)',
    description:
      'A draft may cover days that are no working day on the calendar in force (an admin may yet open one, e.g. ' +
      'for an election); preview and submit answer 422 NO_WORKING_DAY while none of its days is a working day.',
  })
  @ApiCreatedResponse({ type: RequestViewDto, description: 'The draft, with its timeline; ETag: its version' })
  @ApiErrors(...SENDS_BODY)
  create(
    @CurrentUser() c: Caller,
    @Body() dto: CreateRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestView> {
    return etag(res, this.requests.create(c, dto));
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'What the policy says of a request, rule by rule, without saving anything' })
  @ApiOkResponse({ type: RequestPreviewDto, description: 'Also when the outcome is deny' })
  @ApiErrors(...SENDS_BODY, 'NO_WORKING_DAY', 'POLICY_UNAVAILABLE')
  preview(@CurrentUser() c: Caller, @Body() dto: CreateRequestDto) {
    return this.requests.preview(c, dto);
  }

  @Get()
  @ApiOperation({
    summary: "The caller's own requests, or their team's (scope), filterable by status and date range, paged",
  })
  @ApiOkResponse({ type: RequestPageDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL')
  list(@CurrentUser() c: Caller, @Query() q: ListRequestsQuery) {
    return this.requests.list(c, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One request with its status and timeline',
    description:
      'For its requester, its approvers (one who holds or decided a task on it, also as the absent approver of a ' +
      '代決; one named on a step of its route; a supervisor above the requester), admins and auditors; anyone else ' +
      'gets 404 REQUEST_NOT_FOUND. Only the requester may change it.',
  })
  @ApiOkResponse({ type: RequestViewDto, description: 'With timeline and route; ETag: its version' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'REQUEST_NOT_FOUND', 'INTERNAL')
  get(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestView> {
    return etag(res, this.requests.get(c, id));
  }

  @Get(':id/audit')
  @ApiOperation({
    summary: 'Whether the request’s record stands as written (記録の改ざん検査)',
    description:
      'Checks the event logs of the request, of each approval route it went through and of each of its tasks, as ' +
      'stored: entries numbered 1…version, each carrying the hash of the one before, the hash each item holds of ' +
      'its latest entry, each entry’s own hash computed again from its row (for entries written before that could ' +
      'be done, whose hash has no `v2:` mark, only the links: `linkedOnly`), and each route or task an entry names. ' +
      'A change, removal or insertion made in the database without computing the hashes again shows as a problem; ' +
      'the hashes have no key, so one who rewrites every hash from the change on is not caught by the record ' +
      'alone. For whoever may read the request (as GET /api/v1/requests/{id}); reads only, in one snapshot.',
  })
  @ApiOkResponse({ type: RequestAuditDto, description: 'Also when something is not intact (`intact: false`)' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'REQUEST_NOT_FOUND', 'INTERNAL')
  audit(@CurrentUser() c: Caller, @Param('id') id: string) {
    return this.requests.audit(c, id);
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Edit a draft or a returned request',
    description:
      'What the body leaves out is kept. An edit that changes nothing keeps the version and adds no timeline ' +
      'entry; a real one adds request.edit naming the fields it changed.',
  })
  @ApiOkResponse({ type: RequestViewDto, description: 'The request as edited; ETag: its version' })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'REQUEST_NOT_FOUND', 'VERSION_CONFLICT', 'INVALID_TRANSITION')
  update(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: UpdateRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestView> {
    return etag(res, this.requests.update(c, id, dto, expectedVersion(dto.expectedVersion, ifMatch)));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Submit for approval (policy is evaluated)',
    description:
      'A deny verdict answers 422 POLICY_DENIED with `details: { verdict }` and the request stays as it was; ' +
      'needs_exception is submitted and takes the special-approval route. A request whose last day has passed ' +
      'answers 400 VALIDATION_FAILED (it would only expire). One that takes part of the time of another pending ' +
      'or approved request of the same person is 409 REQUEST_OVERLAPS (details: that request, the day, its part ' +
      'and status): a full day meets anything that day, a morning and an afternoon do not meet, hours meet hours ' +
      'that overlap them and any half day.',
  })
  @ApiOkResponse({ type: RequestViewDto, description: 'The submitted request; ETag: its version' })
  @ApiErrors(
    ...SENDS_BODY,
    'FORBIDDEN',
    'REQUEST_NOT_FOUND',
    'VERSION_CONFLICT',
    'INVALID_TRANSITION',
    'POLICY_DENIED',
    'REQUEST_OVERLAPS',
    'NO_WORKING_DAY',
    'NO_APPROVER',
    'POLICY_UNAVAILABLE',
  )
  submit(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: TransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return etag(res, this.requests.submit(c, id, expectedVersion(dto.expectedVersion, ifMatch)));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Withdraw (取下げ) a draft, a returned request or one awaiting decision, for good' })
  @ApiOkResponse({ type: RequestViewDto, description: 'The withdrawn request; ETag: its version' })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'REQUEST_NOT_FOUND', 'VERSION_CONFLICT', 'INVALID_TRANSITION')
  withdraw(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: TransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return etag(res, this.requests.withdraw(c, id, expectedVersion(dto.expectedVersion, ifMatch), dto.comment));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Cancel an approved request up to its last day',
    description:
      'Once it has begun the days before today were worked and stay approved: the request stays `approved` ' +
      'and now ends on the last of them (`to`; the timeline entry says `details.keptUntil`); today and the ' +
      'days after are given back. Before its first day the whole request is `cancelled`. When no day from today on ' +
      'is left (all worked, or given back already): 409 INVALID_TRANSITION.',
  })
  @ApiOkResponse({ type: RequestViewDto, description: 'The cancelled (or shortened) request; ETag: its version' })
  @ApiErrors(...SENDS_BODY, 'FORBIDDEN', 'REQUEST_NOT_FOUND', 'VERSION_CONFLICT', 'INVALID_TRANSITION')
  cancel(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: TransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return etag(res, this.requests.cancel(c, id, expectedVersion(dto.expectedVersion, ifMatch), dto.comment));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Revoke an approval (承認の取消し) up to the request’s last day',
    description:
      'For the approver whose approval it is (for a 代決, the approver stood in for), those above that approver in ' +
      'the supervisor line, and admins (others who may read it: 403). The days are given back and the applicant ' +
      'is told who revoked it and why: without a reason (`comment`), 400 COMMENT_REQUIRED. Once it has begun ' +
      'only today and the days after are revoked: the request stays `approved` for the days before and ends ' +
      'on the last of them, as a cancel does.',
  })
  @ApiOkResponse({ type: RequestViewDto, description: 'The revoked (or shortened) request; ETag: its version' })
  @ApiErrors(
    ...SENDS_BODY,
    'FORBIDDEN',
    'REQUEST_NOT_FOUND',
    'COMMENT_REQUIRED',
    'VERSION_CONFLICT',
    'INVALID_TRANSITION',
  )
  revoke(
    @CurrentUser() c: Caller,
    @Param('id') id: string,
    @Body() dto: RevokeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return etag(res, this.requests.revoke(c, id, dto.comment, expectedVersion(dto.expectedVersion, ifMatch)));
  }
}

async function etag(res: Response, view: Promise<RequestView>): Promise<RequestView> {
  const v = await view;
  res.setHeader('ETag', `"${v.version}"`);
  return v;
}
