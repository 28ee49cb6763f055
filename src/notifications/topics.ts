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

/**
 * An approved request its applicant cancelled (取消し), told to whose approval it was: they planned
 * the office around it. Written by KessaiRoutes.
 */
export const APPROVAL_CANCELLED = 'request.approvalCancelled';

/**
 * A telework registration (テレワーク登録) asked for, decided or ended, told to the other side: its
 * approver of one asked for or withdrawn, its holder of a decision or a revocation. Written by
 * RegistrationsService.
 */
export const REGISTRATION_CHANGED = 'registration.changed';

/** A hand-written notice: about a request, to `staffId`, of `kind` (the topic's), with what its message needs. */
export interface Notice {
  requestId: string;
  staffId: string;
  kind: string;
  [field: string]: unknown;
}

/** What happened to a registration, to `staffId`: `byId` did it, saying `comment` (a rejection's or revocation's reason). */
export interface RegistrationNotice {
  registrationId: string;
  staffId: string;
  /** revokedApproval: told to its approver when someone else (one above, an admin) revoked it. */
  kind: 'submitted' | 'approved' | 'rejected' | 'revoked' | 'revokedApproval' | 'withdrawn';
  byId: string;
  comment?: string;
}

/** Writes hand-written notices of one topic to the outbox, in the caller's transaction: one statement for all. */
export async function writeNotices(m: EntityManager, topic: string, notices: Notice[], at: Date): Promise<void> {
  await writeOutbox(
    m,
    topic,
    notices.map((n) => ({ aggregateId: n.requestId, payload: n })),
    at,
  );
}

/** Writes a registration's notice to the outbox (REGISTRATION_CHANGED), in the caller's transaction. */
export async function writeRegistrationNotice(m: EntityManager, notice: RegistrationNotice, at: Date): Promise<void> {
  await writeOutbox(m, REGISTRATION_CHANGED, [{ aggregateId: notice.registrationId, payload: notice }], at);
}

async function writeOutbox(
  m: EntityManager,
  topic: string,
  rows: { aggregateId: string; payload: object }[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await m.query(
    `INSERT INTO outbox (topic, aggregate_id, payload, created_at, available_at)
     SELECT $2, v.aggregate_id, v.payload, $3, $3
     FROM jsonb_to_recordset($1::jsonb) AS v(aggregate_id uuid, payload jsonb)`,
    [JSON.stringify(rows.map((r) => ({ aggregate_id: r.aggregateId, payload: r.payload }))), topic, at],
  );
}
