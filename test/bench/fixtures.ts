import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { initialTransition } from 'xstate';
import { kessaiQueueMachine } from '../../workflows';

export interface PendingFixture {
  approverId: string;
  requesters: string[];
  count: number;
  /** Working days to spread the requests over. */
  dates: string[];
  /** Requests already decided long ago (history for backlog / simulation benchmarks). */
  status?: 'awaitingDecision' | 'approved';
  /** Where in the (requester × date) sequence this batch starts: batches do not repeat pairs. */
  offset?: number;
}

/**
 * Writes `count` submitted requests (and, for pending ones, their approval tasks) with
 * set-based statements, as the real code paths would leave them: route snapshots made by the
 * machine itself, request and task rows (their machines' instances) with their event logs, per-day rows. For benchmarks and volume tests: creating 10,000
 * requests through the API would measure the fixture, not the thing under test.
 */
export async function seedRequests(
  m: EntityManager,
  f: PendingFixture,
): Promise<{ requestIds: string[]; taskIds: string[] }> {
  const staff: { id: string; department_id: string; section_id: string }[] = await m.query(
    `SELECT id, department_id, section_id FROM staff WHERE id = ANY($1)`,
    [f.requesters],
  );
  const status = f.status ?? 'awaitingDecision';
  const requestIds: string[] = [];
  const taskIds: string[] = [];
  const now = new Date();
  for (let start = 0; start < f.count; start += 2000) {
    const n = Math.min(2000, f.count - start);
    const instances: unknown[] = [];
    const rowMachines: unknown[] = [];
    const requests: unknown[] = [];
    const days: unknown[] = [];
    const tasks: unknown[] = [];
    for (let i = 0; i < n; i++) {
      // person p teleworks every other working day (half the staff away on any day)
      const k = (f.offset ?? 0) + start + i;
      const p = k % staff.length;
      const s = staff[p]!;
      const date = f.dates[(2 * Math.floor(k / staff.length) + (p % 2)) % f.dates.length]!;
      const id = randomUUID();
      requestIds.push(id);
      // a request's row is its machine's instance (outcome 'allow', submitted once): only its log goes
      // beside the other instances'
      rowMachines.push({ id, machine: 'remote-work-request', state: status, version: 2 });
      requests.push({
        id,
        requester_id: s.id,
        department_id: s.department_id,
        section_id: s.section_id,
        status,
        date,
        outcome: 'allow',
      });
      days.push({
        request_id: id,
        work_date: date,
        requester_id: s.id,
        department_id: s.department_id,
        section_id: s.section_id,
      });
      if (status === 'awaitingDecision') {
        // a one-step route (所属長) waiting at step 0, as the standard route leaves it
        const kessaiId = randomUUID();
        const [ksnap] = initialTransition(kessaiQueueMachine, {
          requestId: id,
          requesterId: s.id,
          routeId: 'standard',
          startedAt: now.toISOString(),
          steps: [
            {
              id: 'shozokucho',
              kind: 'approve',
              approvers: [f.approverId],
              daiketsuAllowed: true,
              reminderHours: 4,
              escalateHours: 8,
            },
          ],
        });
        instances.push({
          id: kessaiId,
          machine: 'kessai-queue',
          state: 'inProgress',
          version: 1,
          snapshot: kessaiQueueMachine.getPersistedSnapshot(ksnap),
        });
        (requests[requests.length - 1] as { kessai_id?: string }).kessai_id = kessaiId;
        const taskId = randomUUID();
        taskIds.push(taskId);
        // a task's row is its machine's instance too
        rowMachines.push({ id: taskId, machine: 'supervisor-decision', state: 'pending', version: 1 });
        tasks.push({
          id: taskId,
          request_id: id,
          assignee_id: f.approverId,
          requester_id: s.id,
          department_id: s.department_id,
          date,
          kessai_id: kessaiId,
        });
      }
    }
    await m.query(
      `INSERT INTO workflow_instances (id, machine, machine_version, state, snapshot, version, head_hash, created_at, updated_at)
       SELECT id, machine, 1, state, snapshot, version, encode(sha256(convert_to(v.id::text || v.version, 'UTF8')), 'hex'), $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, machine text, state text, version int, snapshot jsonb)`,
      [JSON.stringify(instances), now],
    );
    // each instance's event log up to its version (started, then submitted for a request), as
    // the runtime would have written it: a step appends to the log after the instance's head_hash
    await m.query(
      `INSERT INTO workflow_events (instance_id, seq, type, actor_id, from_state, to_state, payload, at, prev_hash, hash)
       SELECT v.id, s.seq, CASE WHEN s.seq = 1 THEN 'workflow.started' ELSE 'request.submit' END, NULL,
         CASE WHEN s.seq = 1 THEN NULL WHEN v.machine = 'remote-work-request' THEN 'draft' ELSE v.state END,
         CASE WHEN s.seq = v.version THEN v.state ELSE 'draft' END, '{}', $2,
         CASE WHEN s.seq > 1 THEN encode(sha256(convert_to(v.id::text || (s.seq - 1), 'UTF8')), 'hex') END,
         encode(sha256(convert_to(v.id::text || s.seq, 'UTF8')), 'hex')
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, machine text, state text, version int),
         LATERAL generate_series(1, v.version) AS s(seq)`,
      [JSON.stringify([...instances, ...rowMachines]), now],
    );
    await m.query(
      `INSERT INTO remote_work_requests (id, requester_id, department_id, section_id, status, date_from, date_to, part, location,
         tasks, outcome, verdict, version, head_hash, submissions, created_at, updated_at, submitted_at, work_days, kessai_id)
       SELECT id, requester_id, department_id, section_id, status, date, date, 'full', 'home',
         '[{"description":"資料作成","networkTier":"internet","confidentiality":1}]', outcome,
         '{"outcome":"allow","policyVersion":"bench","reasons":[]}', 2,
         encode(sha256(convert_to(v.id::text || 2, 'UTF8')), 'hex'), 1, $2, $2, date - 7, 1, kessai_id
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, requester_id text, department_id text, section_id text, status text, date date,
         outcome text, kessai_id uuid)`,
      [JSON.stringify(requests), now],
    );
    await m.query(
      `INSERT INTO request_days (request_id, work_date, part, requester_id, department_id, section_id)
       SELECT request_id, work_date, 'full', requester_id, department_id, section_id
       FROM jsonb_to_recordset($1::jsonb) AS v(request_id uuid, work_date date, requester_id text, department_id text, section_id text)`,
      [JSON.stringify(days)],
    );
    if (tasks.length) {
      await m.query(
        `INSERT INTO approval_tasks (id, request_id, kind, step, assignee_id, status, requester_id, department_id, outcome, flags,
           work_from, work_to, version, head_hash, created_at, kessai_id, step_id)
         SELECT id, request_id, 'approval', 0, assignee_id, 'pending', requester_id, department_id, 'allow', '{}', date, date, 1,
           encode(sha256(convert_to(v.id::text || 1, 'UTF8')), 'hex'), $2, kessai_id, 'shozokucho'
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, request_id uuid, assignee_id text, requester_id text, department_id text,
           date date, kessai_id uuid)`,
        [JSON.stringify(tasks), now],
      );
    }
  }
  return { requestIds, taskIds };
}

/** Working days (Mon–Fri) from a start date; holidays do not matter to these benchmarks. */
export function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  for (let d = new Date(from + 'T00:00:00Z'); out.length < n; d = new Date(d.getTime() + 86_400_000)) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/**
 * `n` decided requests of the past (approved, with their decided task), generated in SQL:
 * the history a backlog query must not be slowed by. Their rows are their machines' instances;
 * their event logs are not seeded (history is never stepped again).
 */
export async function seedHistory(
  m: EntityManager,
  n: number,
  requesters: string[],
  approvers: string[],
): Promise<void> {
  for (let start = 0; start < n; start += 200_000) {
    const count = Math.min(200_000, n - start);
    const args = [start, count, requesters, approvers];
    const gen = `FROM generate_series($1::int, $1::int + $2::int - 1) AS i`;
    await m.query(
      `INSERT INTO remote_work_requests (id, requester_id, department_id, section_id, status, date_from, date_to, part, location,
         tasks, outcome, version, head_hash, submissions, created_at, updated_at, submitted_at, decided_at, decided_by)
       SELECT md5('req' || i)::uuid, s.id, s.department_id, s.section_id, 'approved', d, d, 'full', 'home', '[]', 'allow', 3,
              md5('req' || i), 1,
              d - 7, d - 5, d - 7, d - 5, ($4::text[])[1 + i % array_length($4::text[], 1)]
       FROM (SELECT i, ($3::text[])[1 + i % array_length($3::text[], 1)] AS sid, DATE '2021-01-04' + (i % 1500) AS d ${gen}) x
       JOIN staff s ON s.id = x.sid`,
      args,
    );
    await m.query(
      `INSERT INTO approval_tasks (id, request_id, kind, step, assignee_id, status, requester_id, department_id, outcome, flags,
         work_from, work_to, version, head_hash, created_at, decided_at, decided_by)
       SELECT md5('task' || i)::uuid, r.id, 'approval', 0, r.decided_by, 'approved', r.requester_id, r.department_id, 'allow',
              '{}', r.date_from, r.date_to, 2, md5('task' || i), r.created_at, r.decided_at, r.decided_by
       FROM generate_series($1::int, $1::int + $2::int - 1) AS i JOIN remote_work_requests r ON r.id = md5('req' || i)::uuid`,
      [start, count],
    );
  }
}
