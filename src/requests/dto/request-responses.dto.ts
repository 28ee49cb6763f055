import { DeviceDto } from '../../auth/auth-responses.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { kessaiQueueMachine, STEP_STATUSES, STEP_STATUS_MEANINGS, workflows } from '../../../workflows';
import { LOCATIONS, PARTS } from '../../policy/policy.facts';
import { RULE_OUTCOMES, VERDICT_OUTCOMES } from '../../policy/policy.types';
import { MessageDto } from '../../common/api-errors';
import { CHAIN_PROBLEM_CODES } from '../../workflow-runtime/event-chain-audit';
import { REQUEST_STATUSES, TaskDto } from './request.dto';
import { TASK_ACTIONS_PROPERTY } from '../../inbox/dto/inbox-responses.dto';
import type { TaskAction } from '../../inbox/task-actions';

/** How a verdict names the policy it was given under, so that an auditor can find the files. */
const POLICY_VERSION =
  'The policy the verdict was given under: sha256 of "<telework.yaml hash>\\n<calendar.yaml hash>", the two file ' +
  'hashes GET /api/v1/policies and each file’s versions list (routing.yaml routes, it does not judge)';

/**
 * What the staff-side requests API answers (documentation only: toView in request.view.ts,
 * RequestsRepository.timeline/route and the policy's Verdict build them).
 */

/** The states of the kessai-queue (approval route) machine, read from it so that the two cannot drift. */
export const ROUTE_STATES = Object.keys(kessaiQueueMachine.config.states ?? {});

class RequesterDto {
  @ApiProperty({ example: 'S0100' }) id!: string;
  @ApiProperty({ example: '山田 太郎' }) name!: string;
  @ApiProperty({ example: 'Yamada Taro' }) nameRomaji!: string;
}

class RuleSourceDto {
  @ApiProperty({ example: 'telework.yaml' }) file!: string;
  @ApiProperty({ type: 'integer', description: '1-based' }) line!: number;
  @ApiProperty({ type: 'integer', description: '1-based' }) column!: number;
}

/** One rule's part of a verdict. */
export class RuleResultDto {
  @ApiProperty({ example: 'weekly-cap' }) ruleId!: string;
  @ApiProperty({ example: 'cap', description: 'The rule type' }) type!: string;
  @ApiProperty({ enum: RULE_OUTCOMES }) outcome!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The fact values the rule used, also the values behind the message placeholders',
  })
  facts!: Record<string, unknown>;
  @ApiProperty({ type: MessageDto, description: 'Why, for people (empty strings when messages were not rendered)' })
  message!: MessageDto;
  @ApiProperty({ type: RuleSourceDto, description: 'Where the rule is written' }) source!: RuleSourceDto;
}

/** What the policy said of a request at its last submission. */
export class VerdictDto {
  @ApiProperty({ enum: VERDICT_OUTCOMES }) outcome!: string;
  @ApiProperty({ description: POLICY_VERSION }) policyVersion!: string;
  @ApiPropertyOptional({
    example: '2026.11',
    description: 'That policy’s label (telework.yaml `version:`), to read beside the hash; absent on older verdicts',
  })
  policyLabel?: string;
  @ApiProperty({ type: [RuleResultDto], description: 'Every rule of the policy, in its order' })
  reasons!: RuleResultDto[];
}

/** Another request of one's own that takes part of the same time (as REQUEST_OVERLAPS names it). */
export class RequestClashDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ example: '2026-12-14', description: 'The first day both take' }) date!: string;
  @ApiProperty({ enum: ['full', 'am', 'pm', 'hours'], description: 'The part of that day the other request takes' })
  part!: string;
  @ApiProperty({ enum: ['awaitingDecision', 'approved'] }) status!: string;
}

/** POST /api/v1/requests/preview. */
export class RequestPreviewDto {
  @ApiProperty({ enum: VERDICT_OUTCOMES }) outcome!: string;
  @ApiProperty({ type: [RuleResultDto] }) reasons!: RuleResultDto[];
  @ApiProperty({ description: POLICY_VERSION }) policyVersion!: string;
  @ApiProperty({ example: '2026.11', description: 'That policy’s label (telework.yaml `version:`)' })
  policyLabel!: string;
  @ApiProperty({
    type: RequestClashDto,
    required: false,
    description:
      'Another pending or approved request of the caller that takes part of the same time: submitting would be ' +
      '409 REQUEST_OVERLAPS, naming it. Absent when there is none.',
  })
  overlaps?: RequestClashDto;
}

class TimelineActorDto {
  @ApiProperty({ example: 'S0100' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'In Japanese; null when the actor is not a staff member' })
  name!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'In romaji; null when the actor is not a staff member' })
  nameRomaji!: string | null;
}

export class TimelineEntryDto {
  @ApiProperty({ type: 'integer', description: '1, 2, … in the order of the events' }) seq!: number;
  @ApiProperty({ example: 'request.submit', description: 'workflow.started, then the machine events' })
  event!: string;
  @ApiProperty({ type: TimelineActorDto, nullable: true, description: 'null: the system' })
  actor!: TimelineActorDto | null;
  @ApiPropertyOptional({
    type: TimelineActorDto,
    description: '代決: the approver the actor acted for (an approval, a reassignment to a deputy); absent otherwise',
  })
  onBehalfOf?: TimelineActorDto;
  @ApiProperty({ type: String, nullable: true, description: 'State before; null for workflow.started' })
  from!: string | null;
  @ApiProperty({ example: 'awaitingDecision', description: 'State after' }) to!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'What the event carried (e.g. comment, outcome, policyVersion); absent when nothing',
  })
  details?: Record<string, unknown>;
}

class RouteAssigneeDto {
  @ApiProperty({ example: 'S0010' }) staffId!: string;
  @ApiPropertyOptional({ description: '代決: the absent approver this assignee stands in for' }) onBehalfOf?: string;
}

class RouteDecisionDto {
  @ApiProperty() by!: string;
  @ApiPropertyOptional({ description: '代決: decided on behalf of' }) onBehalfOf?: string;
  @ApiProperty({ enum: ['approve', 'reject', 'return', 'agree', 'disagree', 'deemedAgree'] }) verdict!: string;
  @ApiPropertyOptional() comment?: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

class RouteKouetsuDto {
  @ApiProperty({ description: 'Who owes the 後閲 (post-review)' }) approverId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: skipped as absent, nobody decided instead' })
  decidedBy!: string | null;
  @ApiProperty({ enum: ['daiketsu', 'skippedAbsent', 'pulledForward', 'escalated'] }) reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the reviewer acknowledged it (their 後閲 task); null: still owed, unless closed',
  })
  reviewedAt!: string | null;
  @ApiProperty({
    description: 'No longer owed: its request was cancelled, revoked or withdrawn before the review (its task closed)',
  })
  closed!: boolean;
}

export class RoutePersonDto {
  @ApiProperty({ example: '中川 哲也' }) name!: string;
  @ApiProperty({ example: 'Nakagawa Tetsuya' }) nameRomaji!: string;
}

class RouteStepDto {
  @ApiProperty({ example: 'shozokucho', description: 'The step id of routing.yaml' }) id!: string;
  @ApiProperty({
    type: MessageDto,
    nullable: true,
    description: "The step's label in the routing policy now in force (所属長…); null when it has none",
  })
  label!: MessageDto | null;
  @ApiProperty({ enum: ['approve', 'consult', 'inform'], description: '決裁, 合議, 供覧' }) kind!: string;
  @ApiProperty({ type: [String], description: 'Staff ids the route names for the step' }) approvers!: string[];
  @ApiProperty({
    enum: STEP_STATUSES,
    description: Object.entries(STEP_STATUS_MEANINGS)
      .map(([status, meaning]) => `${status}: ${meaning}`)
      .join('; '),
  })
  status!: string;
  @ApiProperty({ type: [RouteAssigneeDto], description: 'Who holds the step now' }) assignees!: RouteAssigneeDto[];
  @ApiProperty({ type: [RouteDecisionDto] }) decisions!: RouteDecisionDto[];
  @ApiProperty({ type: [RouteKouetsuDto], description: '後閲 owed for this step' }) kouetsu!: RouteKouetsuDto[];
  @ApiProperty({ description: 'The deadline escalation has happened for this step' }) escalated!: boolean;
}

/** The approval route (決裁ルート) of a submitted request. */
export class RouteViewDto {
  @ApiProperty({ format: 'uuid', description: 'The route instance' }) id!: string;
  @ApiProperty({ example: 'standard', description: 'The route of routing.yaml' }) routeId!: string;
  @ApiProperty({
    type: MessageDto,
    nullable: true,
    description: "The route's label in the routing policy now in force (通常ルート…); null when it has none",
  })
  label!: MessageDto | null;
  @ApiProperty({ enum: ROUTE_STATES }) state!: string;
  @ApiProperty({ type: 'integer', description: 'Index of the step awaiting action; steps.length when complete' })
  currentStep!: number;
  @ApiProperty({ type: [RouteStepDto] }) steps!: RouteStepDto[];
  @ApiProperty({ type: [TimelineEntryDto], description: "The route's event log, oldest first" })
  events!: TimelineEntryDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/RoutePersonDto' },
    description: 'Every staff id the steps name (approvers, assignees, deciders, 代決, 後閲) → their names',
    example: { S0084: { name: '中川 哲也', nameRomaji: 'Nakagawa Tetsuya' } },
  })
  people!: Record<string, RoutePersonDto>;
}

/** A pending task of the caller's on the request: what they may decide on it now. */
class MyTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ enum: ['approval', 'consult', 'inform', 'kouetsu'] }) kind!: string;
  @ApiProperty({ example: 1, description: 'Send as expectedVersion' }) version!: number;
  @ApiPropertyOptional({ description: '代決: the approver the caller decides for' }) onBehalfOf?: string;
  @ApiProperty(TASK_ACTIONS_PROPERTY) actions!: TaskAction[];
}

export class RequestViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: RequesterDto }) requester!: RequesterDto;
  @ApiProperty({ example: 'CITZ' }) departmentId!: string;
  @ApiProperty({ example: 'CITZ-01' }) sectionId!: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: string;
  @ApiPropertyOptional({ format: 'date', description: 'Present when the request is for one day (from = to)' })
  date?: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ enum: PARTS }) part!: string;
  @ApiProperty({ type: String, nullable: true, example: '13:00', description: 'With part=hours' })
  startTime!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '17:15', description: 'With part=hours' })
  endTime!: string | null;
  @ApiProperty({ enum: LOCATIONS }) location!: string;
  @ApiProperty({ type: String, nullable: true, description: 'With location=satellite' })
  satelliteOfficeId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'With location=other' }) locationText!: string | null;
  @ApiProperty({ type: [TaskDto], description: 'As sent' }) tasks!: TaskDto[];
  @ApiProperty({ type: String, nullable: true }) deviceId!: string | null;
  @ApiProperty({ type: DeviceDto, nullable: true, description: 'The device deviceId names: kind, label, remote reach' })
  device!: DeviceDto | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) contact!: string | null;
  @ApiProperty({ description: 'Hourly telework combined with hourly leave (時間休)' }) withLeave!: boolean;
  @ApiProperty({ description: 'Filed late, after phoning the supervisor' }) urgent!: boolean;
  @ApiProperty({ type: VerdictDto, nullable: true, description: 'The verdict of the last submission; null before' })
  verdict!: VerdictDto | null;
  @ApiProperty({ type: 'integer', description: 'Also the ETag; send as If-Match or expectedVersion' })
  version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Staff id of the decider' }) decidedBy!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '代決: staff id of the approver the decider approved for; null when they decided as themself',
  })
  decidedOnBehalfOf!: string | null;
  @ApiPropertyOptional({
    type: [TimelineEntryDto],
    description: "The request's events, oldest first; on the answers about one request, not in lists",
  })
  timeline?: TimelineEntryDto[];
  @ApiPropertyOptional({
    type: RouteViewDto,
    nullable: true,
    description: 'The approval route; null before the first submission; not in lists',
  })
  route?: RouteViewDto | null;
  @ApiPropertyOptional({
    type: [MyTaskDto],
    description:
      "The caller's pending tasks on it (decide them with POST /api/v1/inbox/decisions); GET " +
      '/api/v1/requests/{id} only',
  })
  myTasks?: MyTaskDto[];
  @ApiPropertyOptional({
    description:
      'Whether the caller may cancel it now (POST /api/v1/requests/{id}/cancel): their own, approved, its last ' +
      'day not passed; GET /api/v1/requests/{id} only',
  })
  mayCancel?: boolean;
  @ApiPropertyOptional({
    description:
      'Whether the caller may revoke its approval now (POST /api/v1/requests/{id}/revoke): approved, its last ' +
      'day not passed, and the approval theirs (for a 代決, the approver stood in for), below them, or the ' +
      'caller an admin; GET /api/v1/requests/{id} only',
  })
  mayRevoke?: boolean;
}

export class RequestPageDto {
  @ApiProperty({ type: [RequestViewDto], description: 'Newest work date first; without timeline and route' })
  items!: RequestViewDto[];
  @ApiPropertyOptional({ description: 'Cursor of the next page (pass as `cursor`); absent on the last page' })
  next?: string;
}

export class ChainProblemDto {
  @ApiProperty({ type: 'integer', description: 'The entry concerned (for HEAD_MISMATCH the instance’s version)' })
  seq!: number;
  @ApiProperty({
    enum: CHAIN_PROBLEM_CODES,
    description:
      'MISSING_ENTRY: an entry 1…version is not there; EXTRA_ENTRY: an entry beyond the version; UNLINKED: its ' +
      'prev_hash is not the hash of the entry before; HASH_MISMATCH: its hash, computed again from the stored row, ' +
      'differs; OLD_FORMAT_AFTER_NEW: a hash without the `v2:` mark after one with it (the runtime never writes ' +
      'that: the mark was taken off); HEAD_MISMATCH: the instance’s head_hash is not the hash of its last entry; ' +
      'MISSING_INSTANCE: the entry names a route or task (kessaiId, taskId) that is not there',
  })
  code!: string;
  @ApiProperty({ type: MessageDto }) message!: MessageDto;
}

export class ChainReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: Object.keys(workflows),
    description: 'The request itself, an approval route (決裁ルート) it went through, or one of its tasks',
  })
  machine!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: 'integer', description: 'Entries in its event log' }) entries!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Entries whose hash was computed again from the stored row and matched',
  })
  recomputed!: number;
  @ApiProperty({
    type: 'integer',
    description:
      'Entries written before hashes could be computed again from the row (their hash has no `v2:` mark): only ' +
      'their links to the entries before and after are checked',
  })
  linkedOnly!: number;
  @ApiProperty() intact!: boolean;
  @ApiProperty({ type: [ChainProblemDto], description: 'In the order of the entries; empty when intact' })
  problems!: ChainProblemDto[];
}

export class RequestAuditDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ description: 'Every log below is intact' }) intact!: boolean;
  @ApiProperty({
    type: [ChainReportDto],
    description:
      'The request, then its approval routes, then its tasks, each in the order they were made; then any route or ' +
      'task its entries name that the rows no longer link to it',
  })
  instances!: ChainReportDto[];
}
