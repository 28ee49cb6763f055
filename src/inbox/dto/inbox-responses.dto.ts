import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageDto } from '../../common/api-errors';
import { LOCATIONS, PARTS } from '../../policy/policy.facts';
import { TASK_ACTIONS, type TaskAction } from '../task-actions';

/** What GET /api/v1/inbox and the decisions answer (documentation only: the services build them). */

/** A pending task's `actions`, wherever it is listed (the inbox, a request's myTasks). */
export const TASK_ACTIONS_PROPERTY = {
  enum: TASK_ACTIONS,
  isArray: true,
  description:
    'The actions (POST /api/v1/inbox/decisions) this task takes: 後閲 and 供覧 are acknowledged only (approve), ' +
    'a 代決 task is never rejected; another action is refused (INVALID_TRANSITION, DEPUTY_CANNOT_REJECT)',
  example: ['approve', 'reject', 'return'],
};

class PersonDto {
  @ApiProperty({ example: 'S0123' }) id!: string;
  @ApiProperty({ example: '山田 太郎' }) name!: string;
  @ApiPropertyOptional({ example: 'Yamada Taro' }) nameRomaji?: string;
}

/** A department or a section, named in both languages. */
export class DepartmentRefDto {
  @ApiProperty({ example: 'CITZ' }) id!: string;
  @ApiProperty({ example: '市民部' }) nameJa!: string;
  @ApiProperty({ example: 'Citizens Department' }) nameEn!: string;
}

class SatelliteOfficeNameDto {
  @ApiProperty({ example: 'SAT-KITA' }) id!: string;
  @ApiProperty({ example: '北部サテライトオフィス' }) nameJa!: string;
  @ApiProperty({ example: 'North satellite office' }) nameEn!: string;
}

class RequestSummaryDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ enum: PARTS }) part!: string;
  @ApiProperty({ nullable: true, type: String, example: '09:00' }) startTime!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '12:00' }) endTime!: string | null;
  @ApiProperty({ enum: LOCATIONS }) location!: string;
  @ApiProperty({ nullable: true, type: String }) satelliteOfficeId!: string | null;
  @ApiPropertyOptional({ type: () => SatelliteOfficeNameDto, description: 'The satellite office, by name' })
  satelliteOffice?: SatelliteOfficeNameDto;
  @ApiProperty({ nullable: true, type: String, description: 'With location other: where (実家 …)' })
  locationText!: string | null;
  @ApiProperty({
    example: 1,
    description: 'How often it was submitted: 2 and more, resubmitted after a return (差戻し)',
  })
  submissions!: number;
  @ApiProperty({ description: 'Filed in an emergency, afterwards where the policy allows (事後申請)' })
  urgent!: boolean;
  @ApiProperty({ description: 'Hours combined with hourly leave (時間休)' })
  withLeave!: boolean;
  @ApiProperty({
    description: 'Tasks with their network tier and confidentiality',
    type: 'array',
    items: { type: 'object' },
  })
  tasks!: unknown[];
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

/** A rule the request's verdict flagged, with what it said. */
class FlaggedRuleDto {
  @ApiProperty({ example: 'fixed-term-exception' }) ruleId!: string;
  @ApiProperty({ enum: ['deny', 'needs_exception', 'warn'] }) outcome!: string;
  @ApiProperty({ type: MessageDto, description: 'The rule’s message in Japanese and English' }) message!: MessageDto;
}

/** A task's kind, as the inbox and the backlog show it. */
export const TASK_KIND_PROPERTY = {
  enum: ['approval', 'consult', 'inform', 'kouetsu'],
  description: 'approval 決裁, consult 合議, inform 供覧, kouetsu 後閲',
};

export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty(TASK_KIND_PROPERTY)
  kind!: string;
  @ApiProperty({ type: 'integer', description: 'Step of the approval route (0 = first)' }) step!: number;
  @ApiProperty({ example: 'pending' }) status!: string;
  @ApiProperty({ type: PersonDto }) requester!: PersonDto;
  @ApiPropertyOptional({ type: PersonDto, description: '代決: the absent approver this task is decided for' })
  onBehalfOf?: PersonDto;
  @ApiProperty({ type: DepartmentRefDto }) department!: DepartmentRefDto;
  @ApiProperty({ type: RequestSummaryDto }) request!: RequestSummaryDto;
  @ApiProperty({ enum: ['allow', 'needs_exception', null], nullable: true }) outcome!: string | null;
  @ApiProperty({ type: [String], description: 'Rules flagged at submission (their ids)' }) flags!: string[];
  @ApiProperty({
    type: [FlaggedRuleDto],
    description: 'The same rules, each with its message (ja/en), in verdict order',
  })
  flagged!: FlaggedRuleDto[];
  @ApiProperty({ format: 'date' }) workFrom!: string;
  @ApiProperty({ format: 'date' }) workTo!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'Since when it waits at its step: an item moved (代決, reroute, escalation) keeps its step’s time',
  })
  createdAt!: string;
  @ApiProperty({
    type: 'integer',
    description:
      'Whole clock hours it has waited at its step (since createdAt), nights and holidays included; the backlog ' +
      '(GET /api/v1/backlog/{approverId}) counts working hours, as deadlines do',
  })
  ageHours!: number;
  @ApiProperty({ type: 'integer', description: 'Send as expectedVersion to decide only this version' })
  version!: number;
  @ApiProperty(TASK_ACTIONS_PROPERTY)
  actions!: TaskAction[];
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items!: InboxItemDto[];
  @ApiPropertyOptional({ description: 'Cursor of the next page (pass as `cursor`); absent on the last page' })
  next?: string;
}

/** One item's result: `ok: true` with where the task and its request stand, or a refusal. */
export class DecisionResultDto {
  @ApiProperty({ description: 'As sent' }) taskId!: string;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ description: 'ok: the task now', enum: ['approved', 'rejected', 'returned'] })
  status?: string;
  @ApiPropertyOptional({ description: 'ok: the request now', example: 'approved' })
  requestStatus?: string;
  @ApiPropertyOptional({
    description: 'not ok: why',
    enum: [
      'NOT_ASSIGNEE',
      'ALREADY_DECIDED',
      'SELF_APPROVAL_FORBIDDEN',
      'COMMENT_REQUIRED',
      'VERSION_CONFLICT',
      'POLICY_LIMIT_REACHED',
      'DEPUTY_CANNOT_REJECT',
      'INVALID_TRANSITION',
      'NOT_FOUND',
      'NOT_DECIDED',
    ],
  })
  code?: string;
  @ApiPropertyOptional({ type: MessageDto, description: 'not ok: for people' }) message?: MessageDto;
  @ApiPropertyOptional({
    oneOf: [{ type: 'object' }, { type: 'array', items: {} }],
    description:
      'not ok: what the code is about (e.g. POLICY_LIMIT_REACHED: the rules that refused and the policyVersion)',
  })
  details?: unknown;
}

export class DecisionResultsDto {
  @ApiProperty({ type: [DecisionResultDto], description: 'One per item, in the order sent' })
  results!: DecisionResultDto[];
}

class CountedRequesterDto {
  @ApiProperty({ example: 'S0100' }) id!: string;
  @ApiProperty({ example: '青木 花子' }) name!: string;
  @ApiProperty({ example: 'Aoki Hanako' }) nameRomaji!: string;
  @ApiProperty({ example: 3, description: 'Pending tasks of theirs in the box' }) count!: number;
}

class CountedDepartmentDto {
  @ApiProperty({ example: 'CITZ' }) id!: string;
  @ApiProperty({ example: '市民部' }) nameJa!: string;
  @ApiProperty({ example: 'Citizens Department' }) nameEn!: string;
  @ApiProperty({ example: 12, description: 'Pending tasks from it in the box' }) count!: number;
}

/** GET /api/v1/inbox/summary. */
export class InboxSummaryDto {
  @ApiProperty({ example: 14, description: 'Pending tasks in the box' }) total!: number;
  @ApiProperty({
    description: 'By the verdict at submission (allow, needs_exception)',
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { allow: 11, needs_exception: 3 },
  })
  outcomes!: Record<string, number>;
  @ApiProperty({
    description: 'By kind (approval, consult, inform, kouetsu)',
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { approval: 13, kouetsu: 1 },
  })
  kinds!: Record<string, number>;
  @ApiProperty({ type: [CountedRequesterDto] }) requesters!: CountedRequesterDto[];
  @ApiProperty({ type: [CountedDepartmentDto] }) departments!: CountedDepartmentDto[];
}
