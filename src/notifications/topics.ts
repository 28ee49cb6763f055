/**
 * Outbox topics written by hand rather than by a machine's declared effect (those are
 * `<machine>.<effect>`): a task someone is told of as it arrives (代決, 後閲), written by
 * KessaiTasks, delivered by NotificationsService.
 */
export const TASK_ARRIVED = 'kessai.taskArrived';

/** A teleworker's start or end report (始業・終業報告), told to their supervisor: written by WorkReportsService. */
export const WORK_REPORTED = 'work.reported';
