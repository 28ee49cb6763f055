import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { routeFor, type RemoteWorkRequestContext, type VerdictOutcome } from '../../workflows';
import type { Caller } from '../auth/caller';
import type { InstanceRow, InstanceStore, InstanceWrite } from '../workflow-runtime/instance-store';
import { WorkflowRuntime } from '../workflow-runtime/workflow-runtime.service';
import { SHAPE_COLUMNS, SHAPE_RECORD, shapeRecord, type RequestShape } from './request-shape';

/** What a new request's row holds beside its machine's state (StartItem.stored). */
export interface NewRequest {
  caller: Pick<Caller, 'id' | 'departmentId' | 'sectionId'>;
  shape: RequestShape;
}

/** States a decision leaves a request in: entering one records when and who decided. */
// (a revocation is recorded by its event: the row keeps who approved, as the approval notice reads it)
const DECIDED = ['approved', 'rejected', 'returned'];

/**
 * A request's row is the instance of its remote-work-request machine: state = status,
 * version, head of its event log (`workflow_events`, instance_id = id), and the context in
 * columns: requester, last day (`date_to`), outcome at the last submission, count of submissions.
 * A step so writes one row, where it wrote a snapshot and then the same status into the
 * row. The row's other columns (dates, tasks, verdict) are the request service's to write
 * (an edit writes them after its step).
 */
@Injectable()
export class RequestInstances implements InstanceStore, OnModuleInit {
  constructor(private readonly runtime: WorkflowRuntime) {}

  onModuleInit(): void {
    this.runtime.useStore('remote-work-request', this);
  }

  async lock(m: EntityManager, ids: string[]): Promise<InstanceRow[]> {
    const rows: {
      id: string;
      status: string;
      version: number;
      head_hash: string | null;
      requester_id: string;
      date_to: string;
      outcome: VerdictOutcome | null;
      submissions: number;
    }[] = await m.query(
      `SELECT id, status, version, head_hash, requester_id, date_to::text AS date_to, outcome, submissions
       FROM remote_work_requests WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => {
      const context: RemoteWorkRequestContext = {
        requesterId: r.requester_id,
        lastDate: r.date_to,
        outcome: r.outcome,
        route: routeFor(r.outcome),
        submissions: Number(r.submissions),
      };
      return { id: r.id, snapshot: { value: r.status, context }, version: Number(r.version), head_hash: r.head_hash };
    });
  }

  /** New requests (drafts): their rows, from what the service gave the machines' start. */
  async insert(m: EntityManager, started: InstanceWrite[], at: Date): Promise<void> {
    await m.query(
      `INSERT INTO remote_work_requests (id, requester_id, department_id, section_id, status, version, head_hash,
         created_at, updated_at, ${SHAPE_COLUMNS})
       SELECT id, requester_id, department_id, section_id, status, version, head, $2, $2, ${SHAPE_COLUMNS}
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, requester_id text, department_id text, section_id text,
         status text, version int, head text, ${SHAPE_RECORD})`,
      [
        JSON.stringify(
          started.map((r) => {
            const { caller, shape } = r.stored as NewRequest;
            return {
              id: r.id,
              requester_id: caller.id,
              department_id: caller.departmentId,
              section_id: caller.sectionId,
              status: r.state,
              version: r.version,
              head: r.head,
              ...shapeRecord(shape),
            };
          }),
        ),
        at,
      ],
    );
  }

  /**
   * Stepped requests: state, version, log head and the context's outcome and submissions; a
   * step into `awaitingDecision` is a submission, one into a decided state a decision by
   * whoever sent its event (the route's decider): the row records when, by whom, and for whom
   * when it was a 代決.
   */
  async update(m: EntityManager, stepped: InstanceWrite[], at: Date): Promise<void> {
    await m.query(
      `UPDATE remote_work_requests r SET status = v.status, version = v.version, head_hash = v.head,
         outcome = v.outcome, submissions = v.submissions, updated_at = $2,
         submitted_at = CASE WHEN v.submitted THEN $2 ELSE r.submitted_at END,
         decided_at = CASE WHEN v.decided THEN $2 ELSE r.decided_at END,
         decided_by = CASE WHEN v.decided THEN v.decided_by ELSE r.decided_by END,
         decided_on_behalf_of = CASE WHEN v.decided THEN v.on_behalf_of ELSE r.decided_on_behalf_of END
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, status text, version int, head text, outcome text,
         submissions int, submitted boolean, decided boolean, decided_by text, on_behalf_of text)
       WHERE r.id = v.id`,
      [
        JSON.stringify(
          stepped.map((s) => {
            const c = s.snap.context as RemoteWorkRequestContext;
            const entered = s.steps.filter((x) => x.from !== x.to);
            const decision = entered.findLast((x) => DECIDED.includes(x.to));
            return {
              id: s.id,
              status: s.state,
              version: s.version,
              head: s.head,
              outcome: c.outcome,
              submissions: c.submissions,
              // submitted to its route, or filed as a notice (届出: approved on filing)
              submitted: entered.some((x) => x.to === 'awaitingDecision' || x.event.type === 'request.notify'),
              decided: decision !== undefined,
              // whose decision: who acted, but a notice's (届出) is who approved its registration beforehand
              decided_by: decision ? (noticeApprover(decision.event) ?? decision.actorId) : null,
              on_behalf_of: decision && 'onBehalfOf' in decision.event ? decision.event.onBehalfOf : null,
            };
          }),
        ),
        at,
      ],
    );
  }
}

/** Who approved the registration a notice (request.notify) was filed under; null for any other event. */
function noticeApprover(event: { type: string } & Record<string, unknown>): string | null {
  return event.type === 'request.notify' && typeof event.by === 'string' ? event.by : null;
}
