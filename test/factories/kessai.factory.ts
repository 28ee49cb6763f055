import type { TestApp } from '../support/test-app';
import { as } from './inbox.factory';
import type { SeededUser } from './org.factory';

export const ADMIN = 'S0045'; // 職員課長 in the demo organisation

/** A section with its 課長 (approver), a 課長補佐 (deputy) and the 課長's regular subordinates. */
export async function unitOf(t: TestApp, sectionId: string) {
  const users: SeededUser[] = (await t.http.get('/api/v1/auth/demo-users').expect(200)).body;
  const inSection = users.filter((u) => u.section.id === sectionId);
  const approver = inSection.find((u) => u.grade === 'kacho')!;
  const deputy = inSection.find((u) => u.grade === 'kacho_hosa')!;
  const members = inSection
    .filter((u) => u.supervisorId === approver.id && u.employmentType === 'regular' && u.id !== deputy.id)
    .map((u) => u.id);
  return { approver: approver.id, boss: approver.supervisorId!, deputy: deputy.id, members, users };
}

/** The approver names the deputy and is away from `from` to `to` (an admin records both): 代決 follows. */
export async function awayWithDeputy(t: TestApp, approverId: string, deputyId: string, from: string, to = from) {
  const admin = await as(t, ADMIN);
  await t.http.post('/api/v1/delegations').set(admin).send({ approverId, deputyId }).expect(201);
  await t.http.post('/api/v1/absences').set(admin).send({ staffId: approverId, from, to, kind: 'leave' }).expect(201);
}

export async function pendingTasks(t: TestApp, assignee: string, kind = 'approval') {
  return t.db.query<{ id: string; request_id: string; on_behalf_of: string | null; due_at: Date | null }>(
    `SELECT id, request_id, on_behalf_of, due_at FROM approval_tasks WHERE assignee_id = $1 AND status = 'pending' AND kind = $2 ORDER BY id`,
    [assignee, kind],
  );
}

export async function backlogRow(t: TestApp, department: string, approverId: string) {
  const res = await t.http
    .get(`/api/v1/backlog?department=${department}`)
    .set(await as(t, ADMIN))
    .expect(200);
  return (res.body.items as { approverId: string }[]).find((i) => i.approverId === approverId) as
    | {
        approverId: string;
        pending: number;
        heldByDeputies: number;
        overdue: number;
        absentNow: boolean;
        forecastOverdue: number;
        oldestAgeHours: number;
        upcomingAbsences: unknown[];
        kouetsuPending: number;
        informPending: number;
      }
    | undefined;
}

/** Replaces routing.yaml's text (admin PUT), e.g. to forbid 代決 for a class. */
export async function editRouting(t: TestApp, edit: (yaml: string) => string): Promise<void> {
  const [current] = (
    await t.http
      .get('/api/v1/policies/routing/versions')
      .set(await as(t, ADMIN))
      .expect(200)
  ).body;
  await t.http
    .put('/api/v1/policies/routing')
    .set(await as(t, ADMIN))
    .send({ content: edit(current.content), comment: 'test' })
    .expect(200);
}

/** An admin moves every pending item of `fromId`'s box to `toId` (a reroute, as the backlog page does). */
export async function rerouteBox(t: TestApp, fromId: string, toId: string, reason = '出張 / on a trip') {
  return t.http
    .post(`/api/v1/backlog/${fromId}/reroute`)
    .set(await as(t, ADMIN))
    .send({ toStaffId: toId, reason })
    .expect(200);
}

/** An admin records `staffId` on leave from `from` to `to`. */
export async function leaveOf(t: TestApp, staffId: string, from: string, to = from) {
  return t.http
    .post('/api/v1/absences')
    .set(await as(t, ADMIN))
    .send({ staffId, from, to, kind: 'leave' })
    .expect(201);
}
