import { requestBody } from '../factories/request.factory';
import { dbFingerprint } from '../support/db-fingerprint';
import { startFreshApp, type TestApp } from '../support/test-app';

describe('request API errors: clear codes, nothing written', () => {
  let t: TestApp;
  let token: string;
  let draftId: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  /** A draft of the caller's, as the API answers it. */
  const drafted = async (over: Record<string, unknown>) =>
    (await t.http.post('/api/v1/requests').set(auth()).send(requestBody(over)).expect(201)).body;

  beforeAll(async () => {
    t = await startFreshApp();
    token = await t.login('S0100');
    draftId = (await t.http.post('/api/v1/requests').set(auth()).send(requestBody()).expect(201)).body.id;
  });
  afterAll(() => t.close());

  /** Runs a failing call and checks the body shape and that no table changed. */
  async function expectRefused(
    call: () => Promise<{ status: number; body: Record<string, unknown> }>,
    status: number,
    code: string,
  ) {
    const before = await dbFingerprint(t.db);
    const res = await call();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
    expect(await dbFingerprint(t.db)).toEqual(before);
    return res.body;
  }

  it('400 VALIDATION_FAILED names each bad field', async () => {
    const body = await expectRefused(
      () =>
        t.http
          .post('/api/v1/requests')
          .set(auth())
          // (a level of the wrong form; one well formed but not the policy's is refused after these: see
          // confidentiality-levels.e2e-spec.ts)
          .send(requestBody({ part: 'night', tasks: [{ description: '', networkTier: 'x', confidentiality: true }] })),
      400,
      'VALIDATION_FAILED',
    );
    const fields = (body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['part', 'tasks.0.description', 'tasks.0.networkTier', 'tasks.0.confidentiality']),
    );
    // each problem in English (problems, as always) and in both languages (messages), for people
    const details = body.details as { field: string; problems: string[]; messages: { ja: string; en: string }[] }[];
    for (const d of details) expect(d.messages).toHaveLength(d.problems.length);
    const part = details.find((d) => d.field === 'part')!;
    expect(part.problems).toEqual(['part must be one of the following values: full, am, pm, hours']);
    expect(part.messages).toEqual([
      {
        ja: '値は次のいずれかにしてください: full, am, pm, hours',
        en: 'The value must be one of: full, am, pm, hours',
      },
    ]);
    // a check's own words too: for people, under the field's label, without the field's name
    const blank = await t.http
      .post('/api/v1/requests')
      .set(auth())
      .send(requestBody({ tasks: [{ description: '  ', networkTier: 'internet', confidentiality: 1 }] }))
      .expect(400);
    expect(blank.body.details[0]).toEqual({
      field: 'tasks.0.description',
      problems: ['description must not be blank'],
      messages: [{ ja: '空白だけの入力はできません。', en: 'The value must not be blank.' }],
    });
  });

  it('400 VALIDATION_FAILED says a rule that spans fields in both languages', async () => {
    const body = await expectRefused(
      () =>
        t.http
          .post('/api/v1/requests')
          .set(auth())
          .send(requestBody({ part: 'hours', startTime: '15:00', endTime: '09:00' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.details).toEqual([
      {
        field: 'endTime',
        problems: ['endTime must be after startTime'],
        messages: [
          { ja: '終了時刻は開始時刻より後にしてください。', en: 'The end time must be after the start time.' },
        ],
      },
    ]);
  });

  it('says a rule across fields in Japanese and English without the API’s field names: the form shows it under its label', async () => {
    const japanese: string[] = [];
    const english: string[] = [];
    for (const over of [
      { date: undefined, from: '2026-12-03' },
      { from: '2026-12-03', to: '2026-12-04' },
      { date: undefined, from: '2026-12-05', to: '2026-12-04' },
      { part: 'hours' },
      { part: 'full', startTime: '09:00', endTime: '12:00' },
    ]) {
      const res = await t.http.post('/api/v1/requests').set(auth()).send(requestBody(over)).expect(400);
      for (const d of res.body.details as { messages: { ja: string; en: string }[] }[]) {
        japanese.push(...d.messages.map((x) => x.ja));
        english.push(...d.messages.map((x) => x.en));
      }
    }
    expect(japanese.length).toBeGreaterThanOrEqual(5);
    expect(japanese.filter((x) => /[A-Za-z]/.test(x))).toEqual([]);
    // nor in English: sentences, not the API's names (startTime, part=hours); `problems` keeps those for scripts
    expect(english.filter((x) => /[a-z][A-Z]|=|\/|^[a-z]/.test(x))).toEqual([]);
  });

  it.each([
    ['an unknown key', { colour: 'red' }, 'colour'],
    ['date together with from/to', { from: '2026-12-03', to: '2026-12-04' }, 'date'],
    // named as sent: date, not the from and to it stands for
    ['a date that does not exist', { date: '2026-02-30' }, 'date'],
    ['a day of year 0 (none in PostgreSQL)', { date: '0000-01-03' }, 'date'],
    ['a from that does not exist', { date: undefined, from: '2026-02-30', to: '2026-03-02' }, 'from'],
    ['to before from', { date: undefined, from: '2026-12-05', to: '2026-12-04' }, 'to'],
    ['a range longer than 31 days', { date: undefined, from: '2026-12-01', to: '2027-01-15' }, 'to'],
    ['hours without times', { part: 'hours' }, 'startTime'],
    ['hours ending before they start', { part: 'hours', startTime: '15:00', endTime: '09:00' }, 'endTime'],
    ['satellite without an office', { location: 'satellite' }, 'satelliteOfficeId'],
    ['another place given as spaces', { location: 'other', locationText: '   ' }, 'locationText'],
    ['a place text with location home', { location: 'home', locationText: '実家' }, 'locationText'],
    [
      'a task described by spaces',
      { tasks: [{ description: '  ', networkTier: 'internet', confidentiality: 1 }] },
      'tasks.0.description',
    ],
    ['an unknown satellite office', { location: 'satellite', satelliteOfficeId: 'SAT-NOPE' }, 'satelliteOfficeId'],
    ['an unknown device', { deviceId: 'PC-999' }, 'deviceId'],
    ['no tasks', { tasks: [] }, 'tasks'],
    // a pending request expires once its last day has passed: one for past days would go at once
    ['a day already past', { date: '2026-11-25' }, 'date'],
    ['a range that has ended', { date: undefined, from: '2026-11-20', to: '2026-11-25' }, 'to'],
  ])('400 for %s', async (_name, over, field) => {
    const body = await expectRefused(
      () => t.http.post('/api/v1/requests').set(auth()).send(requestBody(over)),
      400,
      'VALIDATION_FAILED',
    );
    expect((body.details as { field: string }[]).map((d) => d.field)).toContain(field);
  });

  it('400 for a device lent to someone else, on filing, checking and editing; one’s own or a shared one is taken', async () => {
    const [other] = await t.db.query<{ id: string }>(
      `SELECT id FROM devices WHERE holder_id IS NOT NULL AND holder_id <> 'S0100' ORDER BY id LIMIT 1`,
    );
    const [shared] = await t.db.query<{ id: string }>(
      `SELECT id FROM devices WHERE holder_id IS NULL ORDER BY id LIMIT 1`,
    );
    const lent = {
      field: 'deviceId',
      problems: [`device ${other!.id} is lent to another member of staff`],
      messages: [
        {
          ja: expect.stringContaining('他の職員に貸与されています'),
          en: `Device ${other!.id} is lent to another member of staff: choose your own or a shared one (booked per day).`,
        },
      ],
    };
    for (const call of [
      () =>
        t.http
          .post('/api/v1/requests')
          .set(auth())
          .send(requestBody({ deviceId: other!.id })),
      () =>
        t.http
          .post('/api/v1/requests/preview')
          .set(auth())
          .send(requestBody({ deviceId: other!.id })),
      () => t.http.patch(`/api/v1/requests/${draftId}`).set(auth()).send({ deviceId: other!.id }),
    ]) {
      const body = await expectRefused(call, 400, 'VALIDATION_FAILED');
      expect(body.details).toEqual([lent]);
    }
    const taken = await drafted({ deviceId: shared!.id, date: '2026-12-18' });
    expect(taken.deviceId).toBe(shared!.id);
    // a draft that came to name another's device (saved before the rule, or the device lent on since): refused on submit
    await t.db.query(`UPDATE remote_work_requests SET device_id = $2 WHERE id = $1`, [taken.id, other!.id]);
    const submit = await expectRefused(
      () => t.http.post(`/api/v1/requests/${taken.id}/submit`).set(auth()).send({}),
      400,
      'VALIDATION_FAILED',
    );
    expect(submit.details).toEqual([lent]);
  });

  it('400 on days past the holiday calendar (national holidays are known to the end of 2050)', async () => {
    const fieldsOf = (body: Record<string, unknown>) => (body.details as { field: string }[]).map((d) => d.field);
    // 2051-05-03 is Constitution Day, a Wednesday: past the calendar it would count as a working day
    for (const [path, over, field] of [
      ['/api/v1/requests', { date: '2051-05-03' }, 'date'],
      ['/api/v1/requests', { date: undefined, from: '9999-12-01', to: '9999-12-31' }, 'to'],
      ['/api/v1/requests/preview', { date: '2051-05-03' }, 'date'],
    ] as const) {
      const body = await expectRefused(
        () => t.http.post(path).set(auth()).send(requestBody(over)),
        400,
        'VALIDATION_FAILED',
      );
      expect(fieldsOf(body)).toEqual([field]);
      expect(JSON.stringify(body.details)).toContain('2050-12-31');
    }
    const edit = await expectRefused(
      () => t.http.patch(`/api/v1/requests/${draftId}`).set(auth()).send({ date: '2051-01-05' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(edit)).toEqual(['date']);
    // the last day of the calendar is a day like any other
    await t.http
      .post('/api/v1/requests/preview')
      .set(auth())
      .send(requestBody({ date: '2050-12-28' }))
      .expect(200);
    // a draft saved before such days were refused is refused on submit
    const old = (await drafted({ date: '2050-12-28' })).id as string;
    await t.db.query(`UPDATE remote_work_requests SET date_from = '2051-05-03', date_to = '2051-05-03' WHERE id = $1`, [
      old,
    ]);
    const submit = await expectRefused(
      () => t.http.post(`/api/v1/requests/${old}/submit`).set(auth()).send({}),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(submit)).toEqual(['date']);
    // so for registrations and absences
    const reg = await expectRefused(
      () =>
        t.http
          .post('/api/v1/registrations')
          .set(auth())
          .send({ from: '2050-12-01', to: '2051-01-31', locations: ['home'] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(reg)).toEqual(['to']);
    const absence = await expectRefused(
      () =>
        t.http
          .post('/api/v1/absences')
          .set(auth())
          .send({ staffId: 'S0100', from: '2050-12-30', to: '2051-01-05', kind: 'leave' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(absence)).toEqual(['to']);
  });

  it('400 MALFORMED_JSON for a broken body', async () => {
    await expectRefused(
      () => t.http.post('/api/v1/requests').set(auth()).set('Content-Type', 'application/json').send('{"date": '),
      400,
      'MALFORMED_JSON',
    );
  });

  it('413 PAYLOAD_TOO_LARGE for an oversized body', async () => {
    const huge = requestBody({ reason: 'x'.repeat(2 * 1024 * 1024) });
    await expectRefused(() => t.http.post('/api/v1/requests').set(auth()).send(huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('401 UNAUTHENTICATED without or with a bad token', async () => {
    await expectRefused(() => t.http.post('/api/v1/requests').send(requestBody()), 401, 'UNAUTHENTICATED');
    await expectRefused(
      () => t.http.get('/api/v1/requests').set('Authorization', 'Bearer nonsense'),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('404 for an unknown id, a malformed id, and someone else’s request', async () => {
    await expectRefused(
      () => t.http.get('/api/v1/requests/0b0e8f2e-3c8a-4a57-9d55-4e0d1f0c9a11').set(auth()),
      404,
      'REQUEST_NOT_FOUND',
    );
    await expectRefused(
      () => t.http.post('/api/v1/requests/not-a-uuid/submit').set(auth()).send({}),
      404,
      'REQUEST_NOT_FOUND',
    );
    const other = await t.login('S0101');
    await expectRefused(
      () => t.http.get(`/api/v1/requests/${draftId}`).set('Authorization', `Bearer ${other}`),
      404,
      'REQUEST_NOT_FOUND',
    );
    await expectRefused(
      () => t.http.patch(`/api/v1/requests/${draftId}`).set('Authorization', `Bearer ${other}`).send({ part: 'am' }),
      404,
      'REQUEST_NOT_FOUND',
    );
    await expectRefused(
      () => t.http.post(`/api/v1/requests/${draftId}/withdraw`).set('Authorization', `Bearer ${other}`).send({}),
      404,
      'REQUEST_NOT_FOUND',
    );
  });

  it('409 VERSION_CONFLICT for a stale If-Match or expectedVersion', async () => {
    await expectRefused(
      () => t.http.patch(`/api/v1/requests/${draftId}`).set(auth()).set('If-Match', '"7"').send({ part: 'pm' }),
      409,
      'VERSION_CONFLICT',
    );
    await expectRefused(
      () => t.http.patch(`/api/v1/requests/${draftId}`).set(auth()).send({ part: 'pm', expectedVersion: 9 }),
      409,
      'VERSION_CONFLICT',
    );
    await expectRefused(
      () => t.http.post(`/api/v1/requests/${draftId}/submit`).set(auth()).send({ expectedVersion: 2 }),
      409,
      'VERSION_CONFLICT',
    );
  });

  it('409 INVALID_TRANSITION for an event the state cannot take', async () => {
    await expectRefused(
      () => t.http.post(`/api/v1/requests/${draftId}/cancel`).set(auth()).send({}),
      409,
      'INVALID_TRANSITION',
    );
    const done = (await t.http.post('/api/v1/requests').set(auth()).send(requestBody()).expect(201)).body.id;
    await t.http.post(`/api/v1/requests/${done}/withdraw`).set(auth()).send({}).expect(200);
    await expectRefused(
      () => t.http.post(`/api/v1/requests/${done}/submit`).set(auth()).send({}),
      409,
      'INVALID_TRANSITION',
    );
    await expectRefused(
      () => t.http.patch(`/api/v1/requests/${done}`).set(auth()).send({ part: 'am' }),
      409,
      'INVALID_TRANSITION',
    );
  });

  describe('a last day before today (Japan), which a pending request would expire on at once', () => {
    const fieldsOf = (body: Record<string, unknown>) => (body.details as { field: string }[]).map((d) => d.field);
    afterEach(() => t.clock.set('2026-11-26T00:30:00Z'));

    it('takes today itself, by the Japanese day: 15:30 UTC is already tomorrow there', async () => {
      await t.http
        .post('/api/v1/requests')
        .set(auth())
        .send(requestBody({ date: '2026-11-26' }))
        .expect(201);
      t.clock.set('2026-11-26T15:30:00Z'); // 2026-11-27 00:30 in Japan
      const body = await expectRefused(
        () =>
          t.http
            .post('/api/v1/requests')
            .set(auth())
            .send(requestBody({ date: '2026-11-26' })),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.details).toEqual([
        {
          field: 'date',
          problems: ['the last day (2026-11-26) has passed: a request is for today (2026-11-27) or later'],
          messages: [
            {
              ja: '最終日（2026-11-26）が過ぎています。申請は今日（2026-11-27）以降の日についてできます。',
              en: 'The last day (2026-11-26) has passed: a request is for today (2026-11-27) or later.',
            },
          ],
        },
      ]);
      await expectRefused(
        () =>
          t.http
            .post('/api/v1/requests/preview')
            .set(auth())
            .send(requestBody({ date: '2026-11-26' })),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('an edit that moves the dates into the past names the field it wrote', async () => {
      const id = (await drafted({ date: '2026-12-07' })).id;
      const patch = (body: object) =>
        expectRefused(() => t.http.patch(`/api/v1/requests/${id}`).set(auth()).send(body), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(await patch({ date: '2026-11-20' }))).toEqual(['date']);
      expect(fieldsOf(await patch({ from: '2026-11-20', to: '2026-11-25' }))).toEqual(['to']);
      // a request may start before today when it runs on past it: only its last day counts
      await t.http
        .patch(`/api/v1/requests/${id}`)
        .set(auth())
        .send({ from: '2026-11-24', to: '2026-12-07' })
        .expect(200);
    });

    it('an edit of other fields, once the day has passed, meets the refusal of the request itself', async () => {
      const draft = await drafted({ date: '2026-11-30' });
      const done = (await drafted({ date: '2026-11-30' })).id;
      await t.http.post(`/api/v1/requests/${done}/withdraw`).set(auth()).send({}).expect(200);
      t.clock.set('2026-12-01T00:30:00Z'); // before the expiry sweep has run
      // a stale version is a version conflict, a finished request cannot be edited: not "change the date"
      await expectRefused(
        () => t.http.patch(`/api/v1/requests/${draft.id}`).set(auth()).set('If-Match', '"9"').send({ part: 'am' }),
        409,
        'VERSION_CONFLICT',
      );
      await expectRefused(
        () => t.http.patch(`/api/v1/requests/${done}`).set(auth()).send({ part: 'am' }),
        409,
        'INVALID_TRANSITION',
      );
      // and submitting the draft whose day passed says why, instead of sending it off to expire
      const body = await expectRefused(
        () => t.http.post(`/api/v1/requests/${draft.id}/submit`).set(auth()).send({}),
        400,
        'VALIDATION_FAILED',
      );
      expect(fieldsOf(body)).toEqual(['date']);
    });
  });
});
