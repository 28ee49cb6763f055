import { requestBody } from '../factories/request.factory';
import { approveThroughRoute, as, submitted } from '../factories/inbox.factory';
import { ADMIN, editRouting, unitOf } from '../factories/kessai.factory';
import type { SeededUser } from '../factories/org.factory';
import { demoUsers } from '../factories/org.factory';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * The OpenAPI document says what the kessai API answers (absences, delegations, backlog,
 * reroute, 引上げ); real answers are checked against it, fields it does not name included.
 */
describe('OpenAPI document of the kessai API', () => {
  let t: TestApp;
  let doc: Awaited<ReturnType<typeof openApiOf>>['doc'];
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];
  let users: SeededUser[];
  /** Sections with a 課長 and a 課長補佐 that the other tests here leave alone. */
  let spare: string[];

  beforeAll(async () => {
    t = await startFreshApp();
    users = await demoUsers(t);
    const sections = [...new Set(users.map((u) => u.section.id))].sort();
    spare = sections.filter(
      (s) =>
        !['CITZ-01', 'GENL-01'].includes(s) &&
        ['kacho', 'kacho_hosa'].every((g) => users.some((u) => u.section.id === s && u.grade === g)),
    );
    ({ doc, conforms } = await openApiOf(t));
  });
  afterAll(() => t.close());

  it('answers absences: registered, listed, removed and refused as documented', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const admin = await as(t, ADMIN);
    const created = await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2026-12-03', to: '2026-12-04', kind: 'trip' })
      .expect(201);
    expect(created.body).toMatchObject({ staffId: unit.approver, source: 'manual', requestId: null });
    conforms('post', '/api/v1/absences', 201, created.body);

    // an approver's own approved telework is an absence too (source telework, with its request)
    const other = await unitOf(t, 'GENL-01');
    const own = await submitted(t, other.approver, { date: '2026-12-23' });
    expect(await approveThroughRoute(t, own)).toBe('approved');
    for (const staffId of [unit.approver, other.approver]) {
      const list = await t.http.get(`/api/v1/absences?staffId=${staffId}&from=2026-12-01`).set(admin).expect(200);
      expect(list.body).toHaveLength(1);
      conforms('get', '/api/v1/absences', 200, list.body);
    }
    const all = await t.http.get('/api/v1/absences').set(admin).expect(200);
    expect(all.body.map((a: { source: string }) => a.source).sort()).toEqual(['manual', 'telework']);
    conforms('get', '/api/v1/absences', 200, all.body);

    const removed = await t.http.delete(`/api/v1/absences/${created.body.id}`).set(admin).expect(204);
    expect(removed.text).toBe('');
    expect(doc.paths['/api/v1/absences/{id}']?.delete?.responses['204']).toBeDefined();

    const notMine = await t.http
      .post('/api/v1/absences')
      .set(await as(t, unit.members[0]!))
      .send({ staffId: unit.approver, from: '2026-12-03', to: '2026-12-03', kind: 'leave' })
      .expect(403);
    expect(notMine.body.code).toBe('FORBIDDEN');
    conforms('post', '/api/v1/absences', 403, notMine.body);
    const invalid = await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2026-12-04', to: '2026-12-03', kind: 'holiday' })
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    conforms('post', '/api/v1/absences', 400, invalid.body);
    const nobody = await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: 'S9999', from: '2026-12-03', to: '2026-12-03', kind: 'leave' })
      .expect(404);
    expect(nobody.body.code).toBe('STAFF_NOT_FOUND');
    conforms('post', '/api/v1/absences', 404, nobody.body);
    const anonymous = await t.http.get('/api/v1/absences').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    conforms('get', '/api/v1/absences', 401, anonymous.body);
    const gone = await t.http.delete(`/api/v1/absences/${created.body.id}`).set(admin).expect(404);
    expect(gone.body.code).toBe('NOT_FOUND');
    conforms('delete', '/api/v1/absences/{id}', 404, gone.body);
    // an id that is not one at all is not found either (not a database error)
    const notAnId = await t.http.delete('/api/v1/absences/not-an-id').set(admin).expect(404);
    expect(notAnId.body.code).toBe('NOT_FOUND');
  });

  it('answers delegations: named, listed, removed and refused as documented', async () => {
    const unit = await unitOf(t, spare[0]!);
    const admin = await as(t, ADMIN);
    const bounded = await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.deputy, from: '2026-12-01', to: '2026-12-31' })
      .expect(201);
    expect(bounded.body).toMatchObject({ rank: 1, from: '2026-12-01', to: '2026-12-31', classes: null });
    conforms('post', '/api/v1/delegations', 201, bounded.body);
    const open = await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.boss, classes: ['standard', 'exception'] })
      .expect(201);
    expect(open.body).toMatchObject({ rank: 2, from: null, to: null, classes: ['standard', 'exception'] });
    conforms('post', '/api/v1/delegations', 201, open.body);

    const list = await t.http.get(`/api/v1/delegations?approverId=${unit.approver}`).set(admin).expect(200);
    expect(list.body).toHaveLength(2);
    conforms('get', '/api/v1/delegations', 200, list.body);
    const removed = await t.http.delete(`/api/v1/delegations/${open.body.id}`).set(admin).expect(204);
    expect(removed.text).toBe('');
    expect(doc.paths['/api/v1/delegations/{id}']?.delete?.responses['204']).toBeDefined();
    await t.http.delete(`/api/v1/delegations/${bounded.body.id}`).set(admin).expect(204);

    const self = await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.approver })
      .expect(422);
    expect(self.body.code).toBe('DELEGATION_SELF');
    conforms('post', '/api/v1/delegations', 422, self.body);
    const weak = await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.members[0] })
      .expect(422);
    expect(weak.body.code).toBe('DEPUTY_LACKS_AUTHORITY');
    conforms('post', '/api/v1/delegations', 422, weak.body);
    const notMine = await t.http
      .post('/api/v1/delegations')
      .set(await as(t, unit.members[0]!))
      .send({ approverId: unit.approver, deputyId: unit.deputy })
      .expect(403);
    expect(notMine.body.code).toBe('FORBIDDEN');
    conforms('post', '/api/v1/delegations', 403, notMine.body);
    const invalid = await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.deputy, rank: 0, classes: 'standard' })
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    conforms('post', '/api/v1/delegations', 400, invalid.body);
    const gone = await t.http.delete(`/api/v1/delegations/${MISSING}`).set(admin).expect(404);
    expect(gone.body.code).toBe('NOT_FOUND');
    conforms('delete', '/api/v1/delegations/{id}', 404, gone.body);
    expect((await t.http.delete('/api/v1/delegations/42').set(admin).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('answers the backlog and its reroute (preview, refusals, real move) as documented', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const admin = await as(t, ADMIN);
    const ids: string[] = [];
    for (const m of unit.members.slice(0, 3)) ids.push(await submitted(t, m, { date: '2026-12-08' }));
    // an absence within the look-ahead (3 working days from Thursday 2026-11-26: up to 2026-12-01)
    await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: '2026-12-01', to: '2026-12-02', kind: 'leave' })
      .expect(201);

    const overview = await t.http.get('/api/v1/backlog').set(admin).expect(200);
    const row = overview.body.items.find((i: { approverId: string }) => i.approverId === unit.approver);
    expect(row.pending).toBeGreaterThanOrEqual(3);
    expect(row.upcomingAbsences).toEqual([
      { from: '2026-12-01', to: '2026-12-02', kind: 'leave', canActRemotely: false },
    ]);
    // named in both scripts, as the inbox names people (the English pages show romaji)
    const romaji = async (id: string) =>
      (await t.db.query<{ r: string }>(`SELECT name_romaji AS r FROM staff WHERE id = $1`, [id]))[0]!.r;
    expect(row.nameRomaji).toBe(await romaji(unit.approver));
    conforms('get', '/api/v1/backlog', 200, overview.body);
    const own = await t.http
      .get('/api/v1/backlog')
      .set(await as(t, unit.approver))
      .expect(200);
    conforms('get', '/api/v1/backlog', 200, own.body);

    const box = await t.http.get(`/api/v1/backlog/${unit.approver}?limit=50`).set(admin).expect(200);
    expect(box.body.items.filter((i: { requestId: string }) => ids.includes(i.requestId))).toHaveLength(3);
    const first = box.body.items[0] as { requester: { id: string; nameRomaji: string } };
    expect(first.requester.nameRomaji).toBe(await romaji(first.requester.id));
    conforms('get', '/api/v1/backlog/{approverId}', 200, box.body);

    const reroute = `/api/v1/backlog/${unit.approver}/reroute`;
    const preview = await t.http
      .post(reroute)
      .set(admin)
      .send({ toStaffId: unit.deputy, reason: '入院 / in hospital', dryRun: true })
      .expect(200);
    expect(preview.body.results.length).toBeGreaterThanOrEqual(3);
    expect(preview.body.results.every((r: { ok: boolean; to: string }) => r.ok && r.to === unit.deputy)).toBe(true);
    conforms('post', '/api/v1/backlog/{approverId}/reroute', 200, preview.body);
    const refused = await t.http
      .post(reroute)
      .set(admin)
      .send({ toStaffId: unit.members[0], taskIds: [box.body.items[0].taskId, MISSING], reason: 'x', dryRun: true })
      .expect(200);
    expect(refused.body.results.map((r: { code?: string }) => r.code)).toEqual([
      expect.stringMatching(/^DEPUTY_(LACKS_AUTHORITY|IS_REQUESTER)$/),
      'NOT_ASSIGNEE',
    ]);
    conforms('post', '/api/v1/backlog/{approverId}/reroute', 200, refused.body);

    // a real move to the first present deputy: 代決 for the approver (who reviews it afterwards)
    const delegation = await t.http
      .post('/api/v1/delegations')
      .set(admin)
      .send({ approverId: unit.approver, deputyId: unit.deputy })
      .expect(201);
    const moved = await t.http.post(reroute).set(admin).send({ reason: '休暇 / on leave' }).expect(200);
    expect(
      moved.body.results.every(
        (r: { ok: boolean; to: string; onBehalfOf?: string }) =>
          r.ok && r.to === unit.deputy && r.onBehalfOf === unit.approver,
      ),
    ).toBe(true);
    conforms('post', '/api/v1/backlog/{approverId}/reroute', 200, moved.body);
    const deputyBox = await t.http.get(`/api/v1/backlog/${unit.deputy}`).set(admin).expect(200);
    const handed = deputyBox.body.items.filter((i: { requestId: string }) => ids.includes(i.requestId));
    expect(handed).toHaveLength(3);
    expect(handed[0]).toMatchObject({ onBehalfOf: unit.approver, dueAt: expect.any(String) });
    conforms('get', '/api/v1/backlog/{approverId}', 200, deputyBox.body);
    await t.http.delete(`/api/v1/delegations/${delegation.body.id}`).set(admin).expect(204);

    const member = await as(t, unit.members[0]!);
    const forbidden = await t.http.get('/api/v1/backlog').set(member).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    conforms('get', '/api/v1/backlog', 403, forbidden.body);
    const notAbove = await t.http.post(reroute).set(member).send({ reason: 'x' }).expect(403);
    expect(notAbove.body.code).toBe('FORBIDDEN');
    conforms('post', '/api/v1/backlog/{approverId}/reroute', 403, notAbove.body);
    const nobody = await t.http.get('/api/v1/backlog/S9999').set(admin).expect(404);
    expect(nobody.body.code).toBe('STAFF_NOT_FOUND');
    conforms('get', '/api/v1/backlog/{approverId}', 404, nobody.body);
    const badLimit = await t.http.get(`/api/v1/backlog/${unit.approver}?limit=0`).set(admin).expect(400);
    expect(badLimit.body.code).toBe('VALIDATION_FAILED');
    conforms('get', '/api/v1/backlog/{approverId}', 400, badLimit.body);
    const noReason = await t.http.post(reroute).set(admin).send({ dryRun: true }).expect(400);
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
    conforms('post', '/api/v1/backlog/{approverId}/reroute', 400, noReason.body);
    const present = await unitOf(t, spare[1]!);
    const noAbsence = await t.http
      .post(`/api/v1/backlog/${present.approver}/reroute`)
      .set(admin)
      .send({ toStaffId: present.deputy, reason: 'x', untilReturn: true })
      .expect(422);
    expect(noAbsence.body.code).toBe('UNTIL_RETURN_NEEDS_ABSENCE');
    conforms('post', '/api/v1/backlog/{approverId}/reroute', 422, noAbsence.body);
  });

  it('answers 引上げ (pull-forward) and its refusals as documented', async () => {
    // the special-approval route without its consultation: 所属長 → 部長 → 供覧
    await editRouting(t, (y) => y.replace(/ {6}- id: jinji[\s\S]*?escalateHours: 16\n/, ''));
    const requester = users.find(
      (u) => u.employmentType === 'fixed_term' && !['CITZ-01', 'GENL-01', spare[0], spare[1]].includes(u.section.id),
    )!;
    const bucho = users.find((u) => u.department.id === requester.department.id && u.grade === 'bucho')!.id;
    const id = await submitted(t, requester.id, { date: '2026-12-21' });

    const own = await t.http
      .post(`/api/v1/routes/${id}/pull-forward`)
      .set(await as(t, requester.id))
      .send({})
      .expect(409);
    expect(own.body.code).toBe('INVALID_TRANSITION');
    conforms('post', '/api/v1/routes/{requestId}/pull-forward', 409, own.body);
    const invalid = await t.http
      .post(`/api/v1/routes/${id}/pull-forward`)
      .set(await as(t, bucho))
      .send({ comment: 42 })
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    conforms('post', '/api/v1/routes/{requestId}/pull-forward', 400, invalid.body);
    const missing = await t.http
      .post(`/api/v1/routes/${MISSING}/pull-forward`)
      .set(await as(t, bucho))
      .send({})
      .expect(404);
    expect(missing.body.code).toBe('REQUEST_NOT_FOUND');
    conforms('post', '/api/v1/routes/{requestId}/pull-forward', 404, missing.body);
    // a draft the 部長 may read (they are above its requester) has no route to pull forward: not "not found"
    const draft = (
      await t.http
        .post('/api/v1/requests')
        .set(await as(t, requester.id))
        .send(requestBody({ date: '2026-12-22' }))
        .expect(201)
    ).body.id as string;
    await t.http
      .get(`/api/v1/requests/${draft}`)
      .set(await as(t, bucho))
      .expect(200);
    const routeless = await t.http
      .post(`/api/v1/routes/${draft}/pull-forward`)
      .set(await as(t, bucho))
      .send({})
      .expect(409);
    expect(routeless.body).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { state: 'draft', event: 'step.pullForward' },
    });
    conforms('post', '/api/v1/routes/{requestId}/pull-forward', 409, routeless.body);

    const pulled = await t.http
      .post(`/api/v1/routes/${id}/pull-forward`)
      .set(await as(t, bucho))
      .send({ comment: '急ぎ / urgent' })
      .expect(200);
    expect(pulled.body).toEqual({ requestId: id, route: 'approved', requestStatus: 'approved' });
    conforms('post', '/api/v1/routes/{requestId}/pull-forward', 200, pulled.body);

    // the skipped 課長 owes a 後閲 (post-review): in their box, with why it is there
    const box = await t.http
      .get(`/api/v1/backlog/${requester.supervisorId}`)
      .set(await as(t, ADMIN))
      .expect(200);
    const kouetsu = box.body.items.find((i: { requestId: string }) => i.requestId === id);
    expect(kouetsu).toMatchObject({ kind: 'kouetsu', routing: expect.stringContaining(bucho) });
    conforms('get', '/api/v1/backlog/{approverId}', 200, box.body);
  });
});
