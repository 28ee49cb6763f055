import type { EntityManager } from 'typeorm';

/**
 * Outbox topics written by hand rather than by a machine's declared effect (those are
 * `<machine>.<effect>`): a task someone is told of as it arrives (代決, 後閲), written by
 * KessaiTasks, delivered by NotificationsService.
 */
export const TASK_ARRIVED = 'kessai.taskArrived';

/** A teleworker's start or end report (始業・終業報告), told to their supervisor: written by WorkReportsService. */
export const WORK_REPORTED = 'work.reported';

/** A day filed as a notice (届出) under an approved registration, told to who approved the registration. */
export const NOTICE_FILED = 'request.noticeFiled';

/** A hand-written notice: about a request, to `staffId`, of `kind` (the topic's), with what its message needs. */
export interface Notice {
  requestId: string;
  staffId: string;
  kind: string;
  [field: string]: unknown;
}

/** Writes hand-written notices of one topic to the outbox, in the caller's transaction: one statement for all. */
export async function writeNotices(m: EntityManager, topic: string, notices: Notice[], at: Date): Promise<void> {
  if (notices.length === 0) return;
  await m.query(
    `INSERT INTO outbox (topic, aggregate_id, payload, created_at, available_at)
     SELECT $2, v.request_id, v.payload, $3, $3
     FROM jsonb_to_recordset($1::jsonb) AS v(request_id uuid, payload jsonb)`,
    [JSON.stringify(notices.map((n) => ({ request_id: n.requestId, payload: n }))), topic, at],
  );
}
