import type { EntityManager } from 'typeorm';

/**
 * The one lock order of everything that touches a request's approval: the request rows
 * first, in id order; then its tasks; then its route. Decisions and the
 * applicant take it naturally (they start from the request). Paths that start elsewhere (a
 * firing deadline, an absence that begins, items moving back to a returning approver) take
 * the requests they may reach first, with this one statement, so that these writers do not
 * wait for each other in a circle (PostgreSQL would abort one with a deadlock).
 *
 * One path still takes requests out of this order: an approval whose effect re-places an
 * approver's pending items (approving a supervisor's own telework for today) locks those
 * items' requests inside the transaction, after its own; so does taking back an approver's own
 * telework of today (cancelled or revoked), whose 代決 items go back to them. A deadlock there is possible, if
 * rare; the database aborts one side and `Db.tx` (or a bulk decision's chunk) runs it again.
 * The per-person absences locks and the delegations lock (advisory: see AbsencesRepository.absentOn,
 * DelegationsRepository.all) stand outside this order: a change of absences or delegations takes
 * them first and then locks the requests of the work it moves, while placing work takes them after
 * the request. Two such changes at once can deadlock; the database aborts one and it runs again.
 * Within one bulk call the database cannot see that wait when the other side is the call's
 * next chunk, which waits in its open transaction for this one to commit: that chunk looks
 * for it and gives way (see `gate` in decisions.service.ts).
 */
export async function lockRequestsFirst(
  m: EntityManager,
  // heldFor: approvers whose items others hold for them, to give back (returns_to)
  reach: { routeIds?: string[]; approverIds?: string[]; taskIds?: string[]; heldFor?: string[] },
): Promise<Set<string>> {
  const routeIds = reach.routeIds ?? [];
  const approverIds = reach.approverIds ?? [];
  const taskIds = reach.taskIds ?? [];
  const heldFor = reach.heldFor ?? [];
  if (routeIds.length + approverIds.length + taskIds.length + heldFor.length === 0) return new Set();
  const rows: { id: string }[] = await m.query(
    `SELECT r.id FROM remote_work_requests r
     WHERE r.id IN (
       SELECT (w.snapshot->'context'->>'requestId')::uuid FROM workflow_instances w WHERE w.id = ANY($1::uuid[])
       UNION SELECT t.request_id FROM approval_tasks t WHERE t.assignee_id = ANY($2::text[]) AND t.status = 'pending'
       UNION SELECT t.request_id FROM approval_tasks t WHERE t.id = ANY($3::uuid[])
       UNION SELECT t.request_id FROM approval_tasks t WHERE t.returns_to = ANY($4::text[]) AND t.status = 'pending')
     ORDER BY r.id FOR UPDATE OF r`,
    [routeIds, approverIds, taskIds, heldFor],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Locks requests a caller found after `lockRequestsFirst` (e.g. a task opened by a transaction
 * that committed in between), adding them to `locked`. They come after the ones already held,
 * out of the usual order: a deadlock is possible there, and `Db.tx` runs the transaction again.
 */
export async function lockAlsoRequests(m: EntityManager, locked: Set<string>, requestIds: string[]): Promise<number> {
  const missing = [...new Set(requestIds)].filter((id) => !locked.has(id));
  if (missing.length === 0) return 0;
  await m.query(`SELECT id FROM remote_work_requests WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [missing]);
  for (const id of missing) locked.add(id);
  return missing.length;
}
