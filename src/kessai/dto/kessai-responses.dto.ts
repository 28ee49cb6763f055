import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageDto } from '../../common/api-errors';
import { DepartmentRefDto, TASK_KIND_PROPERTY } from '../../inbox/dto/inbox-responses.dto';
import { GRADES } from '../../org/org.entities';
import { REQUEST_STATUSES } from '../../requests/dto/request.dto';
import { ROUTE_STATES } from '../../requests/dto/request-responses.dto';
import { ABSENCE_KINDS } from '../kessai.entities';
import { StaffRefDto } from '../../org/org-responses.dto';

/**
 * What the kessai API answers: absences, delegations, backlog, reroute and 引上げ
 * (documentation only: AbsencesRepository, DelegationsRepository, BacklogService,
 * RerouteService and PullForwardService build them). Every class name here is unique in
 * the project: Swagger names schemas by class name, and a second class of the same name
 * would silently replace the first.
 */

/** An absence (不在). */
export class AbsenceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'S0012' }) staffId!: string;
  @ApiProperty({ format: 'date', description: 'First day (inclusive)' }) from!: string;
  @ApiProperty({ format: 'date', description: 'Last day (inclusive)' }) to!: string;
  @ApiProperty({ enum: ABSENCE_KINDS }) kind!: string;
  @ApiProperty({ description: 'Can reach e-kessai while away (then not absent for routing, unless leave or trip)' })
  canActRemotely!: boolean;
  @ApiProperty({
    enum: ['manual', 'telework'],
    description: "manual: registered here; telework: an approver's own approved telework",
  })
  source!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'With source=telework: the telework request it comes from',
  })
  requestId!: string | null;
}

/** A deputy (代決者) named for an approver. */
export class DelegationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'S0010', description: 'The approver (決裁者)' }) approverId!: string;
  @ApiProperty({ example: 'S0011', description: 'The deputy (代決者)' }) deputyId!: string;
  @ApiProperty({ type: StaffRefDto, description: 'The approver, by name' }) approver!: StaffRefDto;
  @ApiProperty({ type: StaffRefDto, description: 'The deputy, by name' }) deputy!: StaffRefDto;
  @ApiProperty({ type: 'integer', description: 'Order among the approver’s deputies (1 = first asked)' })
  rank!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: from any day' })
  from!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: without end' })
  to!: string | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Request classes (routing.yaml) it covers; null: all',
    example: ['standard'],
  })
  classes!: string[] | null;
}

/** An absence in the backlog's look-ahead (one that makes the approver absent). */
class BacklogUpcomingAbsenceDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ enum: ABSENCE_KINDS }) kind!: string;
  @ApiProperty() canActRemotely!: boolean;
}

/** One approver's box (決裁箱). */
export class BacklogApproverDto {
  @ApiProperty({ example: 'S0010' }) approverId!: string;
  @ApiProperty({ example: '山田 太郎' }) name!: string;
  @ApiProperty({ example: 'Yamada Taro' }) nameRomaji!: string;
  @ApiProperty({ example: 'CITZ' }) departmentId!: string;
  @ApiProperty({ type: DepartmentRefDto, description: 'The department, named in both languages' })
  department!: DepartmentRefDto;
  @ApiProperty({ enum: GRADES }) grade!: string;
  @ApiProperty({ type: 'integer', description: 'Pending approval and 合議 (consult) tasks' }) pending!: number;
  @ApiProperty({
    type: 'integer',
    description:
      'Pending items deputies hold in this approver’s place (代決): not in `pending`; the approver’s box says who holds them',
  })
  heldByDeputies!: number;
  @ApiProperty({
    type: 'number',
    description: 'Working hours since the oldest pending item was opened (one decimal); 0 when none',
  })
  oldestAgeHours!: number;
  @ApiProperty({ type: 'integer', description: 'Pending items past their deadline' }) overdue!: number;
  @ApiProperty({ description: 'Absent today (leave, trip, or away without the means to act)' }) absentNow!: boolean;
  @ApiProperty({
    type: [BacklogUpcomingAbsenceDto],
    description: 'Absences from today up to lookaheadUntil, oldest first',
  })
  upcomingAbsences!: BacklogUpcomingAbsenceDto[];
  @ApiProperty({ type: 'integer', description: 'Pending items whose deadline falls while the approver is absent' })
  forecastOverdue!: number;
  @ApiProperty({
    type: 'integer',
    description: '後閲 (post-review) tasks pending: acknowledged, not decided, so not in `pending`',
  })
  kouetsuPending!: number;
  @ApiProperty({
    type: 'integer',
    description: '供覧 (for information) tasks pending: acknowledged, not decided, so not in `pending`',
  })
  informPending!: number;
}

/** GET /api/v1/backlog. */
export class BacklogOverviewDto {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ format: 'date', description: 'The last day of the look-ahead for absences (working days)' })
  lookaheadUntil!: string;
  @ApiProperty({
    type: [BacklogApproverDto],
    description: 'Active supervisors and anyone holding pending tasks; most overdue, then most pending, first',
  })
  items!: BacklogApproverDto[];
}

/** A pending task in one approver's box. */
export class BacklogItemDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty(TASK_KIND_PROPERTY)
  kind!: string;
  @ApiProperty({ type: 'integer', description: 'Step of the approval route (0 = first)' }) step!: number;
  @ApiProperty({ type: String, nullable: true, example: 'shozokucho', description: 'The step id of routing.yaml' })
  stepId!: string | null;
  @ApiProperty({ type: StaffRefDto }) requester!: StaffRefDto;
  @ApiPropertyOptional({ description: '代決: the absent approver this task is decided for' }) onBehalfOf?: string;
  @ApiPropertyOptional({ type: StaffRefDto, description: 'The same approver, by name' })
  onBehalfOfPerson?: StaffRefDto;
  @ApiProperty({ format: 'date' }) workFrom!: string;
  @ApiProperty({ format: 'date' }) workTo!: string;
  @ApiProperty({ enum: ['allow', 'needs_exception', null], nullable: true, description: 'The verdict at submission' })
  outcome!: string | null;
  @ApiProperty({
    format: 'date-time',
    description: 'Since when it waits at its step: an item moved (代決, reroute, escalation) keeps its step’s time',
  })
  createdAt!: string;
  @ApiProperty({ type: 'number', description: 'Working hours it has waited at its step (one decimal)' })
  ageHours!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null: no deadline. The step’s: an item moved keeps it (an escalated one is overdue already)',
  })
  dueAt!: string | null;
  @ApiProperty({ description: 'The deadline has passed' }) overdue!: boolean;
  @ApiPropertyOptional({
    description:
      'Why the task is here, when routing said so: it waits for its absent approver (no 代決), or the 後閲 ' +
      'reason (e.g. `pulledForward by S0020`); absent otherwise (a reroute’s reason is in the route’s log)',
  })
  routing?: string;
}

/** Who holds how many of an approver's items in their place (代決). */
class HeldByDeputyDto {
  @ApiProperty({ type: StaffRefDto }) deputy!: StaffRefDto;
  @ApiProperty({ type: 'integer', example: 3 }) count!: number;
  @ApiProperty({ description: 'Whether the caller may open that deputy’s box (GET /api/v1/backlog/{deputyId})' })
  mayOpen!: boolean;
}

/** GET /api/v1/backlog/{approverId}. */
export class BacklogItemsDto {
  @ApiProperty({ example: 'S0010' }) approverId!: string;
  @ApiProperty({ type: StaffRefDto, description: 'Whose box it is, by name' }) approver!: StaffRefDto;
  @ApiProperty({
    description: 'Whether the caller may reroute this box (POST …/reroute): an admin, or one above the approver',
  })
  mayReroute!: boolean;
  @ApiProperty({
    type: [HeldByDeputyDto],
    description: 'Pending items deputies hold in this approver’s place (代決; not in this box), by deputy, most first',
  })
  heldByDeputies!: HeldByDeputyDto[];
  @ApiProperty({ type: [BacklogItemDto], description: 'Earliest deadline first (none last), then oldest' })
  items!: BacklogItemDto[];
}

/** One item's result: `ok: true` with where it goes, or a refusal. */
export class RerouteResultDto {
  @ApiProperty({ format: 'uuid', description: 'As sent (or each pending task of the approver)' }) taskId!: string;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ description: 'ok: the new assignee' }) to?: string;
  @ApiPropertyOptional({ type: StaffRefDto, description: 'ok: the new assignee, by name' }) toPerson?: StaffRefDto;
  @ApiPropertyOptional({ description: 'ok, with 代決: the approver the new assignee decides for' })
  onBehalfOf?: string;
  @ApiPropertyOptional({ type: StaffRefDto, description: 'ok, with 代決: that approver, by name' })
  onBehalfOfPerson?: StaffRefDto;
  @ApiPropertyOptional({
    enum: [true],
    description:
      'ok: the new assignee (named by toStaffId) is away today: the item waits in their box until they are back ' +
      '(a preview says so before anything moves)',
  })
  toAway?: boolean;
  @ApiPropertyOptional({
    description: 'not ok: why',
    enum: [
      'NOT_ASSIGNEE',
      'ALREADY_DECIDED',
      'NO_DEPUTY',
      'DELEGATION_SELF',
      'DEPUTY_IS_REQUESTER',
      'DEPUTY_LACKS_AUTHORITY',
      'INVALID_TRANSITION',
      'NOT_FOUND',
      'NOT_MOVED',
    ],
  })
  code?: string;
  @ApiPropertyOptional({ type: MessageDto, description: 'not ok: for people' }) message?: MessageDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'not ok: what the code is about (e.g. `{ needs }` for DEPUTY_LACKS_AUTHORITY)',
  })
  details?: Record<string, unknown>;
}

export class RerouteResultsDto {
  @ApiProperty({ type: [RerouteResultDto], description: 'One per item, in the order asked' })
  results!: RerouteResultDto[];
}

/** POST /api/v1/routes/{requestId}/pull-forward. */
export class PullForwardResultDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ enum: ROUTE_STATES, description: 'The approval route now' }) route!: string;
  @ApiProperty({ enum: REQUEST_STATUSES, description: 'The request now' }) requestStatus!: string;
}
