import type { TestApp } from '../support/test-app';
import { requestBody } from './request.factory';

const tokens = new WeakMap<TestApp, Map<string, string>>();

/** Cached demo-login token of a staff member. */
export async function tokenOf(t: TestApp, staffId: string): Promise<string> {
  let m = tokens.get(t);
  if (!m) tokens.set(t, (m = new Map()));
  const cached = m.get(staffId);
  if (cached) return cached;
  const token = await t.login(staffId);
  m.set(staffId, token);
  return token;
}

export async function as(t: TestApp, staffId: string) {
  return { Authorization: `Bearer ${await tokenOf(t, staffId)}` };
}

/** Drafts and submits a request; returns its id. */
export async function submitted(t: TestApp, staffId: string, over: Record<string, unknown> = {}): Promise<string> {
  const h = await as(t, staffId);
  const id = (await t.http.post('/api/v1/requests').set(h).send(requestBody(over)).expect(201)).body.id as string;
  await t.http.post(`/api/v1/requests/${id}/submit`).set(h).send({}).expect(200);
  return id;
}

/** The caller's pending inbox items (all pages). */
export async function inboxOf(
  t: TestApp,
  staffId: string,
  query = '',
): Promise<Array<{ taskId: string; requestId: string } & Record<string, unknown>>> {
  const h = await as(t, staffId);
  const items = [];
  let cursor: string | undefined;
  do {
    const res = await t.http
      .get(`/api/v1/inbox?limit=500${query}${cursor ? `&cursor=${cursor}` : ''}`)
      .set(h)
      .expect(200);
    items.push(...res.body.items);
    cursor = res.body.next;
  } while (cursor);
  return items;
}

export async function taskOf(t: TestApp, supervisor: string, requestId: string): Promise<string> {
  const item = (await inboxOf(t, supervisor)).find((i) => i.requestId === requestId);
  if (!item) throw new Error(`no task for ${requestId} in ${supervisor}'s inbox`);
  return item.taskId;
}

/**
 * Walks a request's route to its end: every pending task (approval, 合議, 供覧, 後閲) is
 * approved by its assignee until the request leaves awaitingDecision.
 */
export async function approveThroughRoute(t: TestApp, requestId: string): Promise<string> {
  for (let guard = 0; guard < 10; guard++) {
    const pending = await t.db.query<{ id: string; assignee_id: string }>(
      `SELECT id, assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending' AND kind <> 'kouetsu' ORDER BY step`,
      [requestId],
    );
    const [status] = await t.db.query<{ status: string }>(`SELECT status FROM remote_work_requests WHERE id = $1`, [
      requestId,
    ]);
    if (status!.status !== 'awaitingDecision' || pending.length === 0) return status!.status;
    for (const p of pending) {
      const res = await t.http
        .post('/api/v1/inbox/decisions')
        .set(await as(t, p.assignee_id))
        .send({ decisions: [{ taskId: p.id, action: 'approve' }] })
        .expect(200);
      if (!res.body.results[0].ok) throw new Error(`approving ${p.id}: ${JSON.stringify(res.body.results[0])}`);
    }
  }
  throw new Error(`route of ${requestId} did not end`);
}

/** POST /api/v1/inbox/decisions as `who`; the per-item results. */
export async function decide(t: TestApp, who: string, decisions: unknown[]): Promise<DecisionResultBody[]> {
  const res = await t.http
    .post('/api/v1/inbox/decisions')
    .set(await as(t, who))
    .send({ decisions })
    .expect(200);
  return res.body.results as DecisionResultBody[];
}

export type DecisionResultBody = {
  taskId: string;
  ok: boolean;
  status?: string;
  requestStatus?: string;
  code?: string;
  message?: { ja: string; en: string };
};
