/**
 * The kessai-queue machine's public API: one request's approval route (決裁ルート).
 * Steps are addressed by their index in `steps` (`step: number`); effects also carry the step's id.
 */

// ── Input: the route as configured (routing.yaml), validated at the edge ──────────────────────────

export type StepKind = 'approve' | 'consult' | 'inform';

/** 合議: how many consulted parties must agree. 'all' = every party, 'any' = one. */
export type ConsultMode = 'all' | 'any' | { quorum: number };

export interface RouteStep {
  id: string;
  kind: StepKind;
  /** approve: exactly one decider; consult: the 合議 parties; inform: the 供覧 readers. */
  approvers: string[];
  /** consult only (default 'all'). */
  mode?: ConsultMode;
  /** consult only: at the deadline, treat silence as agreement or escalate (default 'escalate'). */
  onDeadline?: 'agree' | 'escalate';
  /** 代決 allowed for this class of matter. */
  daiketsuAllowed: boolean;
  /** Who gets the step when its deadline expires; without it the step never escalates. */
  escalateTo?: string;
  reminderHours: number;
  escalateHours: number;
}

export interface KessaiQueueInput {
  requestId: string;
  requesterId: string;
  routeId: string; // e.g. 'standard' | 'exception'
  steps: RouteStep[];
  /** When the route starts (submission time): the first step's deadline counts from here. */
  startedAt: string;
}

// ── Events ────────────────────────────────────────────────────────────────────────────────────

export type KessaiQueueEvent =
  // user events (dotted imperatives)
  | { type: 'step.approve'; by: string; onBehalfOf?: string; comment?: string; now: string } // onBehalfOf: 代決
  | { type: 'step.reject'; by: string; onBehalfOf?: string; comment: string; now: string } // a deputy may not reject
  | { type: 'step.return'; by: string; comment: string; toStep?: number; now: string } // 差し戻し
  | { type: 'consult.agree'; by: string; comment?: string; now: string }
  | { type: 'consult.disagree'; by: string; comment?: string; now: string } // comment required by guard
  | { type: 'step.pullForward'; by: string; comment?: string; now: string } // 引上げ
  // admin / system events
  | { type: 'step.skipAbsent'; approverId: string; reason: string; now: string }
  | { type: 'route.reassign'; step: number; from: string; to: string; reason: string; onBehalfOf?: string; now: string }
  | { type: 'route.restart'; now: string } // resubmission after 差し戻し to the applicant
  // opening: which opening of the step the timer was set for (see StepProgress.opening)
  | { type: 'deadline.reminded'; step: number; opening?: number; now: string }
  | { type: 'deadline.expired'; step: number; opening?: number; now: string }
  // 引戻し by the applicant, or `expired`: the request's last day passed before it was decided
  | { type: 'request.withdrawn'; now: string; expired?: boolean };

export type KessaiQueueEventType = KessaiQueueEvent['type'];

// ── Context ───────────────────────────────────────────────────────────────────────────────────

/** Who holds a step's task. onBehalfOf set: a 代決 task (or an escalated 合議 party's). */
export interface Assignee {
  staffId: string;
  onBehalfOf?: string;
}

export type Verdict = 'approve' | 'reject' | 'return' | 'agree' | 'disagree' | 'deemedAgree';

export interface StepDecision {
  by: string;
  onBehalfOf?: string;
  verdict: Verdict;
  comment?: string;
  at: string;
}

/** Why an approver owes a 後閲 (post-review) of this step. */
export type KouetsuReason = 'daiketsu' | 'skippedAbsent' | 'pulledForward' | 'escalated';

export interface KouetsuRecord {
  approverId: string;
  decidedBy: string | null; // null: skipped as absent, nobody decided in their place at that step
  reason: KouetsuReason;
  at: string;
}

/** What each status of a route step means (also the OpenAPI description of the field). */
export const STEP_STATUS_MEANINGS = {
  waiting: 'not reached yet',
  open: 'tasks out',
  done: 'decided (approved, agreed, rejected, or returned to the applicant from it)',
  skipped: 'passed over (absent approver, 引上げ)',
  circulated: '供覧 sent',
  closed: 'left undecided because the request was withdrawn, or expired (its last day passed before it was decided)',
} as const;
export type StepStatus = keyof typeof STEP_STATUS_MEANINGS;
export const STEP_STATUSES = Object.keys(STEP_STATUS_MEANINGS) as StepStatus[];

export interface StepProgress {
  status: StepStatus;
  assignees: Assignee[];
  decisions: StepDecision[];
  kouetsu: KouetsuRecord[];
  /** The deadline escalation has happened for this step (it fires once per step per round). */
  escalated: boolean;
  /** The parties whose tasks the escalation took away. */
  escalatedFrom: string[];
  /**
   * Which opening of the route this step's current one is (the route's `openings` when it was
   * opened). A step opened again (差し戻し to it, a new round) gets a new number, so that a
   * deadline set for an earlier opening is refused. Absent in routes stored before it existed.
   */
  opening?: number;
}

export interface RouteOutcome {
  result: 'approved' | 'rejected' | 'returned' | 'withdrawn';
  by: string | null;
  /** 代決: the approver the last approval was made for (absent: `by` decided as themself). */
  onBehalfOf?: string;
  comment: string | null;
  at: string;
}

export interface KessaiQueueContext extends KessaiQueueInput {
  /** Index of the step awaiting action; steps.length once the route is complete. */
  current: number;
  /** One entry per step, same index as `steps`. */
  progress: StepProgress[];
  /** 1, plus one per route.restart. */
  round: number;
  /** Steps opened so far over the route's life (all rounds); absent in routes stored before it existed. */
  openings?: number;
  outcome: RouteOutcome | null;
}

// ── Effects: named actions returned by transition(), carried out by src/workflow-runtime ──────

export type TaskKind = 'approval' | 'consult' | 'inform';
export interface TaskAssignee extends Assignee {
  kind: TaskKind;
}
export interface StepRef {
  step: number;
  stepId: string;
}

export type OpenReason = 'entered' | 'reopened' | 'reassigned' | 'escalated';
export type CloseReason =
  | 'decided'
  | 'consultationComplete'
  | 'deemedAgreed'
  | 'skippedAbsent'
  | 'pulledForward'
  | 'reassigned'
  | 'escalated'
  | 'returned'
  | 'rejected'
  | 'withdrawn';

export interface OpenTasksParams extends StepRef {
  reason: OpenReason;
  assignees: TaskAssignee[];
}
/** Close the open tasks these staff hold on the step. */
export interface CloseTasksParams extends StepRef {
  reason: CloseReason;
  staffIds: string[];
}
/** Create a 後閲 task for approverId. */
export interface CreateKouetsuParams extends StepRef {
  approverId: string;
  decidedBy: string | null;
  reason: KouetsuReason;
}
/** Timers from `from`; the runtime counts business hours. escalateHours null: no expiry timer. */
export interface ScheduleDeadlineParams extends StepRef {
  /** The step's opening the timers belong to: their deadline events carry it back. */
  opening: number;
  from: string;
  reminderHours: number;
  escalateHours: number | null;
}
export type CancelDeadlineParams = StepRef;
export interface RemindAssigneesParams extends StepRef {
  staffIds: string[];
}
export interface NotifyRequesterParams {
  outcome: 'approved' | 'rejected' | 'returned';
  by: string | null;
  /** 代決: the approver `by` approved for (absent: `by` decided as themself). */
  onBehalfOf?: string;
  comment: string | null;
}

export type KessaiEffect =
  | { type: 'openTasks'; params: OpenTasksParams }
  | { type: 'closeTasks'; params: CloseTasksParams }
  | { type: 'createKouetsu'; params: CreateKouetsuParams }
  | { type: 'scheduleDeadline'; params: ScheduleDeadlineParams }
  | { type: 'cancelDeadline'; params: CancelDeadlineParams }
  | { type: 'remindAssignees'; params: RemindAssigneesParams }
  | { type: 'notifyRequester'; params: NotifyRequesterParams };

export type KessaiEffectType = KessaiEffect['type'];
