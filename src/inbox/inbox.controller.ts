import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, SENDS_BODY } from '../common/api-errors';
import { CurrentUser, type Caller } from '../auth/caller';
import { DecisionsService } from './decisions.service';
import { DecisionResultsDto, InboxPageDto, InboxSummaryDto } from './dto/inbox-responses.dto';
import { ApproveMatchingDto, DecisionsDto, InboxQuery } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/v1/inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly decisions: DecisionsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The caller's pending tasks (受信箱), filtered, oldest first or by work date, keyset-paged",
  })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INTERNAL')
  list(@CurrentUser() c: Caller, @Query() q: InboxQuery) {
    return this.inbox.list(c, q);
  }

  @Get('summary')
  @ApiOperation({
    summary: "What the caller's box holds, counted: in all, by verdict and kind, by requester and department",
    description: 'The requesters and departments are those the filters of GET /api/v1/inbox may name, with counts.',
  })
  @ApiOkResponse({ type: InboxSummaryDto })
  @ApiErrors('UNAUTHENTICATED', 'INTERNAL')
  summary(@CurrentUser() c: Caller) {
    return this.inbox.summary(c);
  }

  @Post('decisions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve, reject or return up to 10,000 tasks; each item gets its own result',
    description:
      'Each result is `{taskId, ok: true, status, requestStatus}` or `{taskId, ok: false, code, message}`. Item codes: ' +
      'NOT_ASSIGNEE (also for ids the caller may not see), ALREADY_DECIDED, SELF_APPROVAL_FORBIDDEN, COMMENT_REQUIRED ' +
      '(reject and return), VERSION_CONFLICT, POLICY_LIMIT_REACHED, DEPUTY_CANNOT_REJECT, INVALID_TRANSITION, and ' +
      'NOT_DECIDED when another part of a large call failed after some committed (nothing changed for that item; ' +
      'send it again). More than 10,000 items: 422 BULK_LIMIT.',
  })
  @ApiOkResponse({ type: DecisionResultsDto, description: 'Also when every item was refused: each says why' })
  @ApiErrors(...SENDS_BODY, 'BULK_LIMIT', 'POLICY_UNAVAILABLE')
  async decide(@CurrentUser() c: Caller, @Body() body: DecisionsDto) {
    return { results: await this.decisions.decide(c, body.decisions) };
  }

  @Post('approve-matching')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve every pending 決裁 task of the caller that matches the filter and whose verdict is allow',
    description:
      "Selects the caller's pending tasks of kind approval whose verdict is allow and that match the filter (`{}`: " +
      'all of them); exceptions (needs_exception) are never approved wholesale, and consult, inform and kouetsu ' +
      'tasks are not approvals, so those filters select nothing. Answers like /decisions. More than 10,000 ' +
      'matches: 422 BULK_LIMIT with `{ max, given }`, nothing approved: narrow the filter.',
  })
  @ApiOkResponse({ type: DecisionResultsDto })
  @ApiErrors(...SENDS_BODY, 'BULK_LIMIT', 'POLICY_UNAVAILABLE')
  approveMatching(@CurrentUser() c: Caller, @Body() body: ApproveMatchingDto) {
    return this.inbox.approveMatching(c, body.filter);
  }
}
