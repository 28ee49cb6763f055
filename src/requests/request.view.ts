import type { Message } from '../common/domain-error';
import type { RequestRow } from './requests.repository';
import type { TaskAction } from '../inbox/task-actions';

type TimelineActor = { id: string; name: string | null; nameRomaji: string | null };

export interface TimelineEntry {
  seq: number;
  event: string;
  actor: TimelineActor | null;
  /** 代決: whom the actor acted for, when the event names someone (`onBehalfOf` in its details). */
  onBehalfOf?: TimelineActor;
  from: string | null;
  to: string;
  at: string;
  details?: Record<string, unknown>;
}

export interface RouteView {
  id: string;
  routeId: string;
  /** The route's name in the routing policy now in force; null when it has none or no longer has this route. */
  label: Message | null;
  state: string;
  currentStep: number;
  steps: {
    id: string;
    /** The step's name (所属長, 部長決裁…) in the routing policy now in force, or null. */
    label: Message | null;
    kind: string;
    approvers: string[];
    status: string;
    assignees: { staffId: string; onBehalfOf?: string }[];
    decisions: { by: string; onBehalfOf?: string; verdict: string; comment?: string; at: string }[];
    /**
     * 後閲 owed for this step; `reviewedAt`: when its reviewer acknowledged it (null: still owed, unless
     * `closed`: no longer owed, its request given up or taken back since).
     */
    kouetsu: {
      approverId: string;
      decidedBy: string | null;
      reason: string;
      at: string;
      reviewedAt: string | null;
      closed: boolean;
    }[];
    escalated: boolean;
  }[];
  events: TimelineEntry[];
  /** Who is who: every staff id the steps name (approvers, assignees, deciders, 代決, 後閲), with their names. */
  people: Record<string, { name: string; nameRomaji: string }>;
}

export type RequestView = ReturnType<typeof toView> & {
  route?: RouteView | null;
  /** The caller's pending tasks on it (one request's answer only). */
  myTasks?: MyTask[];
  /** Whether the caller may cancel (its applicant) or revoke its approval now (one request's answer only). */
  mayCancel?: boolean;
  mayRevoke?: boolean;
};

/** A pending task of the caller's on a request: what they may decide on it now. */
export interface MyTask {
  taskId: string;
  kind: string;
  version: number;
  /** 代決: the approver the caller decides for. */
  onBehalfOf?: string;
  /** What the caller can tell it (see actionsOf). */
  actions: TaskAction[];
}

/** Whether the row's decision came at or after its last submission (a notice is both at once). */
const decidedSince = (r: RequestRow): boolean =>
  r.decided_at !== null && (r.submitted_at === null || new Date(r.decided_at) >= new Date(r.submitted_at));

/** The API shape of a request; `timeline` only on the single-request read. */
export function toView(r: RequestRow, timeline?: TimelineEntry[]) {
  return {
    id: r.id,
    requester: { id: r.requester_id, name: r.requester_name, nameRomaji: r.requester_romaji },
    departmentId: r.department_id,
    sectionId: r.section_id,
    status: r.status,
    ...(r.date_from === r.date_to ? { date: r.date_from } : {}),
    from: r.date_from,
    to: r.date_to,
    part: r.part,
    startTime: r.start_time,
    endTime: r.end_time,
    location: r.location,
    satelliteOfficeId: r.satellite_office_id,
    locationText: r.location_text,
    tasks: r.tasks,
    deviceId: r.device_id,
    device: r.device,
    reason: r.reason,
    contact: r.contact,
    withLeave: r.with_leave,
    urgent: r.urgent,
    verdict: r.verdict ?? null,
    version: Number(r.version),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
    // the last decision, while it is the request's word: one made before a later submission (a return,
    // then the request sent again) is not (its notice, delivered later, still names who made it)
    ...(decidedSince(r)
      ? {
          decidedAt: new Date(r.decided_at!).toISOString(),
          decidedBy: r.decided_by,
          decidedOnBehalfOf: r.decided_on_behalf_of,
        }
      : { decidedAt: null, decidedBy: null, decidedOnBehalfOf: null }),
    ...(timeline ? { timeline } : {}),
  };
}
