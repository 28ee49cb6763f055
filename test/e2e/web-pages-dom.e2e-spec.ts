import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { approveThroughRoute, as, decide, inboxOf, submitted, taskOf } from '../factories/inbox.factory';
import { ADMIN, awayWithDeputy, leaveOf, rerouteBox, unitOf } from '../factories/kessai.factory';
import { requestBody } from '../factories/request.factory';
import { teamOf } from '../factories/org.factory';
import { startFreshApp, type TestApp } from '../support/test-app';
import { seedRequests, weekdays } from '../bench/fixtures';

const PUBLIC = join(__dirname, '..', '..', 'src', 'web', 'public');

/**
 * The pages as a browser runs them: index.html and app.js in a DOM (jsdom), calling the real
 * app over HTTP on a real database. What a person would see is read from the DOM.
 */
describe('web pages in a DOM', () => {
  let t: TestApp;
  let base: string;
  let server: Server;

  beforeAll(async () => {
    t = await startFreshApp();
    server = t.app.getHttpServer() as Server;
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
    await t.close();
  });

  /** A browser tab logged in as `staffId` (English pages unless told), at `hash`. */
  async function tab(staffId: string | null, hash: string, lang: 'en' | 'ja' = 'en') {
    const dom = new JSDOM(readFileSync(join(PUBLIC, 'index.html'), 'utf8'), {
      url: `${base}/${hash}`,
      runScripts: 'outside-only',
      pretendToBeVisual: true,
    });
    const w = dom.window;
    const errors: string[] = [];
    w.addEventListener('error', (e) => errors.push(String(e.error ?? e.message)));
    let inFlight = 0; // the page's calls not answered yet (see close)
    w.fetch = ((input: string, init?: RequestInit) => {
      inFlight++;
      return fetch(new URL(String(input), base), init).finally(() => inFlight--);
    }) as typeof fetch;
    w.confirm = () => true;
    w.localStorage.setItem('teleflow.lang', lang);
    if (staffId) w.sessionStorage.setItem('teleflow.token', await t.login(staffId));
    w.eval(readFileSync(join(PUBLIC, 'app.js'), 'utf8'));
    const doc = w.document;
    const text = (sel: string) => doc.querySelector(sel)?.textContent ?? '';
    /** Waits until `ok` holds (the page renders after its API calls answer). */
    const until = async (what: string, ok: () => boolean, ms = 10_000) => {
      const end = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`page never showed ${what}; it shows: ${text('main').slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const go = async (h: string, heading: string) => {
      // the page on show goes first, so that its heading cannot pass for the next one's
      if (w.location.hash !== h) doc.querySelector('main')!.replaceChildren();
      w.location.hash = h;
      await until(`"${heading}"`, () => text('main h1').includes(heading));
    };
    const clean = () => {
      expect(errors).toEqual([]);
      expect([...doc.querySelectorAll('main .error')].map((e) => e.textContent)).toEqual([]);
    };
    const button = (label: string) => {
      const b = [...doc.querySelectorAll('button')].find((x) => x.textContent?.trim() === label);
      if (!b) throw new Error(`no button "${label}"`);
      return b as HTMLButtonElement;
    };
    const set = (sel: string, value: string) => {
      const el = doc.querySelector(sel) as HTMLInputElement;
      el.value = value;
      el.dispatchEvent(new w.Event('change', { bubbles: true }));
    };
    /** The problems an error box lists. */
    const problems = () => [...doc.querySelectorAll('main .error li')].map((li) => li.textContent);
    /** A list's rows (not the team page's day-by-day grid, whose row is a person's). */
    const listRows = () => [...doc.querySelectorAll('main tbody tr')].filter((r) => !r.closest('.team-grid'));
    /** The table row that links to this request (undefined until it shows). */
    const rowOf = (requestId: string) => listRows().find((r) => r.querySelector(`a[href="#/requests/${requestId}"]`));
    /**
     * Closes the tab once its calls have answered (quiet for a moment, at most a few seconds): a page still
     * drawing what a late answer brought would find its closed window gone, where a browser's closed tab stops.
     */
    const close = async () => {
      const end = Date.now() + 5_000;
      for (let quiet = 0; quiet < 3 && Date.now() < end;) {
        quiet = inFlight ? 0 : quiet + 1;
        await new Promise((r) => setTimeout(r, 30));
      }
      w.close();
    };
    return { w, doc, text, until, go, clean, button, set, problems, rowOf, listRows, close };
  }

  /** `n` 課長 who are supervisors, from the `offset`-th on (by id): each test its own. */
  const kachos = async (offset: number, n: number) =>
    (
      await t.db.query<{ id: string }>(
        `SELECT id FROM staff WHERE grade = 'kacho' AND active AND 'supervisor' = ANY(roles) ORDER BY id OFFSET $1 LIMIT $2`,
        [offset, n],
      )
    ).map((r) => r.id);

  it('lets a new user pick a demo user and logs them in', async () => {
    const p = await tab(null, '#/requests');
    try {
      await p.until('the picker', () => p.doc.querySelectorAll('.pick button').length > 0);
      expect(p.text('main h1')).toBe('Log in (demo)');
      const search = p.doc.querySelector('main input[type=search]') as HTMLInputElement;
      // staff are found by employment type too, in either language
      const fixedTerm = (
        (await t.http.get('/api/v1/auth/demo-users').expect(200)).body as { employmentType: string }[]
      ).filter((u) => u.employmentType === 'fixed_term').length;
      for (const q of ['fixed-term', '会計年度']) {
        search.value = q;
        search.dispatchEvent(new p.w.Event('input'));
        await p.until(`the fixed-term staff for "${q}"`, () =>
          p.text('main [role=status]').endsWith(`${fixedTerm} shown`),
        );
        expect(p.text('.pick button')).toContain('fixed-term');
      }
      search.value = 'S0100';
      search.dispatchEvent(new p.w.Event('input'));
      await p.until('one match', () => p.doc.querySelectorAll('.pick button').length === 1);
      (p.doc.querySelector('.pick button') as HTMLButtonElement).click();
      await p.until('their requests', () => p.text('main h1') === 'My requests');
      expect(p.text('#who')).toContain('(S0100)');
      p.clean();
    } finally {
      await p.close();
    }
  });

  it('starts the demo login with those who have work waiting, each box’s count on its button', async () => {
    const { members } = await teamOf(t, 1, 3);
    await submitted(t, members[0]!, { date: '2026-12-14' });
    type User = { id: string; waiting: number };
    const users = (await t.http.get('/api/v1/auth/demo-users').expect(200)).body as User[];
    const busiest = users
      .filter((u) => u.waiting > 0)
      .sort((a, b) => b.waiting - a.waiting || a.id.localeCompare(b.id))
      .slice(0, 3);
    expect(busiest.length).toBeGreaterThan(0);
    const p = await tab(null, '#/requests');
    try {
      await p.until('the picker', () => p.doc.querySelectorAll('.pick button').length > 0);
      expect(p.text('main .start-here h2')).toBe('Start with someone who has work waiting');
      const first = [...p.doc.querySelectorAll('main .start-here button')];
      expect(first.map((b) => /(S\d{4}) ·/.exec(b.textContent!)?.[1] ?? b.textContent)).toEqual(
        busiest.map((u) => u.id),
      );
      expect(first.map((b) => b.querySelector('.badge')!.textContent)).toEqual(
        busiest.map((u) => `inbox ${u.waiting}`),
      );
      // while one searches, the list is theirs: the busiest step aside, and are back once the search is cleared
      const search = p.doc.querySelector('main input[type=search]') as HTMLInputElement;
      for (const [q, shown] of [
        ['S0100', 0],
        ['', busiest.length],
      ] as const) {
        search.value = q;
        search.dispatchEvent(new p.w.Event('input'));
        expect(p.doc.querySelectorAll('main .start-here button')).toHaveLength(shown);
      }
      // one of them logs in from there
      (p.doc.querySelector('main .start-here button') as HTMLButtonElement).click();
      await p.until('their requests', () => p.text('main h1') === 'My requests');
      expect(p.text('#who')).toContain(`(${busiest[0]!.id})`);
      p.clean();
    } finally {
      await p.close();
    }
  });

  it('carries a request from the form through the inbox to approved, and every page renders', async () => {
    const { supervisor, members } = await teamOf(t, 1);
    const member = members[0]!;

    // the staff member fills the form and submits
    const staff = await tab(member, '#/requests');
    let requestId: string;
    try {
      await staff.until('their requests', () => staff.text('main h1') === 'My requests');
      await staff.go('#/requests/new', 'New request');
      staff.set('input[name=date]', '2026-12-10');
      staff.set('input[name=description]', '議事録の作成 / minutes');
      staff.set('select[name=networkTier]', 'internet'); // LGWAN work would need a loaned device
      staff.set('select[name=confidentiality]', '1');
      staff.button('Save and submit').click();
      await staff.until('the submitted request', () => /#\/requests\/[0-9a-f-]{36}$/.test(staff.w.location.hash));
      await staff.until('its status', () => staff.text('main h1').includes('awaiting decision'));
      staff.clean();
      expect(staff.text('main')).toContain('Approval route');
      requestId = staff.w.location.hash.split('/').at(-1)!;
    } finally {
      await staff.close();
    }

    // the supervisor finds it in the inbox, ticks it and approves
    const boss = await tab(supervisor, '#/inbox');
    const waiting = async () =>
      (
        (
          await t.http
            .get('/api/v1/inbox/summary')
            .set(await as(t, supervisor))
            .expect(200)
        ).body as { total: number }
      ).total;
    const before = await waiting();
    expect(before).toBeGreaterThan(0);
    try {
      const row = () => boss.rowOf(requestId);
      await boss.until('the request in the inbox', () => row() !== undefined);
      // the menu says how many items wait in the box
      const count = () => boss.doc.querySelector('#nav a[data-key=inbox] .badge')?.textContent ?? '';
      await boss.until('the count of the box', () => count() === String(before));
      (row()!.querySelector('input[type=checkbox]') as HTMLInputElement).checked = true;
      boss.button('Approve selected').click();
      await boss.until('the result', () => row()!.textContent!.includes('approved'));
      // the menu's count follows at once, on the same page
      await boss.until('the count, one fewer', () => count() === (before > 1 ? String(before - 1) : ''));
      expect(boss.text('main [role=status]')).toContain('1 decided');
      boss.clean();
      // the request opens for its approver, without the requester's own actions
      await boss.go(`#/requests/${requestId}`, '2026-12-10');
      // (its approver may only take the approval back)
      expect([...boss.doc.querySelectorAll('main .actions button')].map((b) => b.textContent)).toEqual([
        'Revoke the approval',
      ]);
      // came to decide it, not as one's own; one fewer waits now
      expect(boss.doc.querySelector('#nav a[aria-current=page]')!.getAttribute('data-key')).toBe('inbox');
      await boss.until('the count, still one fewer', () => count() === (before > 1 ? String(before - 1) : ''));
      for (const [hash, heading] of [
        ['#/backlog', 'Approver backlog'],
        [`#/backlog/${supervisor}`, `(${supervisor})`],
        ['#/away', 'Absences & deputies'],
      ] as const) {
        await boss.go(hash, heading);
        boss.clean();
        const [{ r, dept }] = (await t.db.query(
          `SELECT s.name_romaji AS r, d.name_en AS dept FROM staff s JOIN departments d ON d.id = s.department_id
           WHERE s.id = $1`,
          [supervisor],
        )) as [{ r: string; dept: string }];
        if (hash === '#/backlog') {
          // the English page names approvers in romaji, as everywhere else, and departments by name
          expect(boss.text('main')).toContain(`${r} (${supervisor})`);
          expect(boss.text('main tbody')).toContain(dept);
        }
        if (hash.startsWith('#/backlog/')) {
          expect(boss.text('main h1')).toBe(`Approver backlog: ${r} (${supervisor})`);
          // one's own box is moved by those above: no reroute form here (the server would say 403)
          expect(boss.text('main')).not.toContain('Reroute (admins and superiors)');
        }
      }
      // one above them has it
      const [up] = await t.db.query<{ id: string }>(`SELECT supervisor_id AS id FROM staff WHERE id = $1`, [
        supervisor,
      ]);
      const above = await tab(up!.id, `#/backlog/${supervisor}`);
      try {
        await above.until('the reroute form', () => above.text('main').includes('Reroute (admins and superiors)'));
        above.clean();
      } finally {
        await above.close();
      }
      expect(boss.text('main')).toContain('Nothing here.'); // no absences yet: the empty table says so
    } finally {
      await boss.close();
    }

    // the requester sees it approved, and who decided, on the timeline
    const back = await tab(member, `#/requests/${requestId}`);
    try {
      await back.until('the approval', () => back.text('main h1').includes('approved'));
      const [{ name_romaji }] = (await t.db.query(`SELECT name_romaji FROM staff WHERE id = $1`, [supervisor])) as [
        { name_romaji: string },
      ];
      expect(back.text('ol.timeline')).toContain(name_romaji); // the English page names people in romaji
      // so does the route card, and it names the route and its steps as routing.yaml does, not by their ids
      const card = [...back.doc.querySelectorAll('main section.card')].find((c) =>
        c.querySelector('h2')?.textContent?.startsWith('Approval route'),
      )!;
      expect(card.querySelector('h2')!.textContent).toContain('standard route');
      expect(card.querySelector('ol')!.textContent).toContain('section head');
      expect(card.querySelector('ol')!.textContent).toContain(name_romaji);
      expect(card.textContent).not.toContain(supervisor);
      back.clean();
      // and is told so once the outbox is delivered
      await t.app.get(NotificationsService).deliverDue();
      await back.go('#/notifications', 'Notifications');
      expect(back.text('main ul.notes')).toContain('Your telework request for 2026-12-10 was approved');
      await back.until('the unread count', () => back.text('nav').includes('Notifications 1'));
      expect(back.button('Mark these read').disabled).toBe(false);
      back.button('Mark these read').click();
      await back.until(
        'the list again, read',
        () => back.doc.querySelectorAll('main ul.notes li').length > 0 && !back.doc.querySelector('main li.unread'),
      );
      // nothing left to mark: the button says so by standing idle
      expect(back.button('Mark these read').disabled).toBe(true);
      back.clean();
      // a notice followed to its request has been read: back on the list, it is no longer news
      await t.db.query(`UPDATE notifications SET read_at = NULL WHERE recipient_id = $1`, [member]);
      await back.go('#/requests', 'My requests');
      await back.go('#/notifications', 'Notifications');
      await back.until('the unread notice', () => back.doc.querySelector('main li.unread a') !== null);
      (back.doc.querySelector('main li.unread a') as HTMLAnchorElement).click();
      // its page drawn (until then the list is still on show, and going back to it would find the old one)
      await back.until('its request', () => back.w.location.hash.startsWith('#/requests/'));
      await back.until('its page', () => back.text('main h1').includes('2026-12-10'));
      const unread = async () =>
        Number(
          (
            (await t.db.query(
              `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
              [member],
            )) as { n: number }[]
          )[0]!.n,
        );
      for (let i = 0; i < 200 && (await unread()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await unread()).toBe(0);
      await back.go('#/notifications', 'Notifications');
      await back.until('the list, read', () => back.doc.querySelectorAll('main ul.notes li').length > 0);
      expect(back.doc.querySelector('main li.unread')).toBeNull();
      back.clean();
    } finally {
      await back.close();
    }
  });

  it('names two deputies in a row without a rank: each goes after those already named', async () => {
    const kacho = await kachos(0, 3);
    const [approver, ...deputies] = kacho as [string, string, string];
    const page = await tab(approver, '#/away');
    try {
      await page.until('the deputies card', () => page.text('main').includes('Name a deputy'));
      for (const [i, deputy] of deputies.entries()) {
        page.set('input[name=deputyId]', deputy);
        page.button('Name a deputy').click();
        // named in the table (the id on hover)
        await page.until(
          `deputy ${i + 1} in the table`,
          () => page.doc.querySelector(`main td[title="${deputy}"]`) !== null,
        );
        const [{ r }] = (await t.db.query(`SELECT name_romaji AS r FROM staff WHERE id = $1`, [deputy])) as [
          { r: string },
        ];
        expect(page.doc.querySelector(`main td[title="${deputy}"]`)!.textContent).toBe(r);
      }
      page.clean();
    } finally {
      await page.close();
    }
    const named = (
      await t.http
        .get(`/api/v1/delegations?approverId=${approver}`)
        .set(await as(t, approver))
        .expect(200)
    ).body as { deputyId: string; rank: number }[];
    expect(named.map((d) => [d.deputyId, d.rank])).toEqual([
      [deputies[0], 1],
      [deputies[1], 2],
    ]);
  });

  it('names a deputy for a class of matter picked by its name, and lists it by name', async () => {
    const classes = (
      await t.http
        .get('/api/v1/routing-classes')
        .set(await as(t, ADMIN))
        .expect(200)
    ).body as { id: string; label: { ja: string } }[];
    expect(classes.map((c) => [c.id, c.label.ja])).toEqual([
      ['standard', '通常のテレワーク申請'],
      ['exception', '特例承認'],
    ]);
    const [approver, deputy] = (await kachos(6, 2)) as [string, string];
    const page = await tab(approver, '#/away', 'ja');
    try {
      await page.until('the deputies card', () => page.text('main').includes('代決者を指名'));
      page.set('input[name=deputyId]', deputy);
      const exception = [...page.doc.querySelectorAll('main input[name=classes]')].find(
        (x) => (x as HTMLInputElement).value === 'exception',
      ) as HTMLInputElement;
      expect(exception.parentElement!.textContent).toContain('特例承認');
      exception.checked = true;
      page.button('代決者を指名').click();
      await page.until('the deputy in the table', () => page.doc.querySelector(`main td[title="${deputy}"]`) !== null);
      const row = page.doc.querySelector(`main td[title="${deputy}"]`)!.parentElement!;
      expect(row.textContent).toContain('特例承認');
      expect(row.textContent).not.toContain('exception');
      page.clean();
    } finally {
      await page.close();
    }
    const [named] = await t.db.query<{ classes: string[] }>(
      `SELECT classes FROM delegations WHERE approver_id = $1 AND deputy_id = $2`,
      [approver, deputy],
    );
    expect(named!.classes).toEqual(['exception']);
  });

  it('finds a deputy by the kana of their name, names them by id, and says whose the id is', async () => {
    const [approver, deputy] = (await kachos(12, 2)) as [string, string];
    const [who] = await t.db.query<{ kana: string; name: string; section: string }>(
      `SELECT s.name_kana AS kana, s.name_ja AS name, c.name_ja AS section
       FROM staff s JOIN sections c ON c.id = s.section_id WHERE s.id = $1`,
      [deputy],
    );
    const page = await tab(approver, '#/away', 'ja');
    try {
      await page.until('the deputies card', () => page.text('main').includes('代決者を指名'));
      const field = page.doc.querySelector('input[name=deputyId]') as HTMLInputElement;
      const list = page.doc.getElementById(field.getAttribute('aria-controls')!)!;
      const whose = () => field.closest('.staff-field')!.querySelector('.whose')!.textContent;
      const typed = (value: string) => {
        field.value = value;
        field.dispatchEvent(new page.w.Event('input', { bubbles: true }));
      };
      // the kana run together, as typed (the name shows in kanji: a browser's datalist would hide it)
      typed(who!.kana.replace(' ', ''));
      const offered = () =>
        [...list.querySelectorAll('li button')].find((b) => b.textContent!.includes(` ${deputy} `)) as
          HTMLButtonElement | undefined;
      await page.until('the directory', () => !list.hidden && offered() !== undefined);
      expect(offered()!.textContent).toBe(`${who!.name} (${who!.kana}) ${deputy} · 課長 · ${who!.section}`);
      expect(list.textContent).not.toContain('null');
      expect(whose()).toBe(''); // nothing picked yet
      offered()!.click();
      expect([field.value, list.hidden, whose()]).toEqual([deputy, true, `${who!.name} · ${who!.section}`]);
      page.button('代決者を指名').click();
      await page.until('the deputy in the table', () => page.doc.querySelector(`main td[title="${deputy}"]`) !== null);
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('opens another approver’s absences for an admin as soon as they are picked from the directory', async () => {
    const [admin] = await t.db.query<{ id: string; name: string }>(
      `SELECT id, name_romaji AS name FROM staff WHERE 'admin' = ANY(roles) AND active ORDER BY id LIMIT 1`,
    );
    const [other] = await kachos(14, 1);
    const [row] = await t.db.query<{ name: string }>(`SELECT name_romaji AS name FROM staff WHERE id = $1`, [other]);
    const page = await tab(admin!.id, '#/away');
    try {
      await page.until('the absences card', () => page.text('main h2').includes(`(${admin!.id})`));
      const field = page.doc.querySelector('input[name=staffId]') as HTMLInputElement;
      const whose = () => field.closest('.staff-field')!.querySelector('.whose')!.textContent!;
      expect(whose().startsWith(`${admin!.name} · `)).toBe(true); // one's own id, named
      field.value = row!.name.split(' ')[0]!;
      field.dispatchEvent(new page.w.Event('input', { bubbles: true }));
      const list = page.doc.getElementById(field.getAttribute('aria-controls')!)!;
      const offered = () =>
        [...list.querySelectorAll('button')].find((b) => b.textContent!.includes(` ${other} `)) as
          HTMLButtonElement | undefined;
      await page.until('the directory', () => offered() !== undefined);
      offered()!.click(); // no "Show" needed
      // their absences, said by name
      await page.until('their absences', () => page.text('main h2').includes(`(${other})`));
      expect(page.text('main h2')).toBe(`Absences: ${row!.name} (${other})`);
      // an id typed by hand and shown: named all the same
      const [third] = await kachos(15, 1);
      const [named] = await t.db.query<{ name: string }>(`SELECT name_romaji AS name FROM staff WHERE id = $1`, [
        third,
      ]);
      field.value = third!.toLowerCase();
      page.button('Show').click();
      await page.until(
        'the third one’s absences',
        () => page.text('main h2') === `Absences: ${named!.name} (${third})`,
      );
      // the person shown stays in the address: a switch of language shows them again, not the admin
      expect(page.w.location.hash).toBe(`#/away/${third}`);
      (page.doc.getElementById('lang') as HTMLButtonElement).click();
      await page.until('the same person, in Japanese', () => page.text('main h1') !== 'Absences & deputies');
      await page.until('their absences again', () => page.text('main h2').includes(`(${third})`));
      expect(page.text('main h2')).not.toContain(`(${admin!.id})`);
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('shows the refusal of rank 0 in Japanese instead of naming the deputy at the next rank', async () => {
    const [approver, deputy] = (await kachos(3, 2)) as [string, string];
    const page = await tab(approver, '#/away', 'ja');
    try {
      await page.until('the deputies card', () => page.text('main').includes('代決者を指名'));
      page.set('input[name=deputyId]', deputy);
      page.set('input[type=number]', '0');
      page.button('代決者を指名').click();
      const problems = page.problems;
      await page.until('the problem', () => problems().length > 0);
      expect(problems()).toEqual(['順位: 値は 1 以上にしてください。']);
      expect(page.text('main .error')).toContain('(VALIDATION_FAILED)');
    } finally {
      await page.close();
    }
    const [named] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delegations WHERE approver_id = $1`,
      [approver],
    );
    expect(named).toEqual({ n: 0 });
  });

  it('saves an edit that empties the reason and the contact', async () => {
    const { members } = await teamOf(t, 1);
    const member = members[0]!;
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(await as(t, member))
        .send(requestBody({ date: '2026-12-16', reason: 'focus', contact: 'ext. 9' }))
        .expect(201)
    ).body.id as string;
    const page = await tab(member, `#/requests/${id}/edit`);
    try {
      await page.until('the edit form', () => page.text('main h1').startsWith('Edit'));
      page.set('textarea[name=reason]', '');
      page.set('input[name=contact]', '');
      page.button('Save draft').click();
      await page.until(
        'the saved request',
        () => page.w.location.hash === `#/requests/${id}` && page.text('main h1').startsWith('2026-12-16'),
      );
      page.clean();
    } finally {
      await page.close();
    }
    const saved = (
      await t.http
        .get(`/api/v1/requests/${id}`)
        .set(await as(t, member))
        .expect(200)
    ).body;
    expect([saved.reason, saved.contact]).toEqual([null, null]);
  });

  it('says what is wrong with a form in the page language: Japanese pages, Japanese problems', async () => {
    const { members } = await teamOf(t, 1);
    const page = await tab(members[0]!, '#/requests/new', 'ja');
    try {
      await page.until('the form', () => page.doc.querySelector('input[name=date]') !== null);
      page.set('input[name=date]', '2026-12-17');
      page.set('input[name=description]', '議事録の作成');
      page.set('select[name=part]', 'hours');
      page.set('input[name=startTime]', '15:00');
      page.set('input[name=endTime]', '09:00');
      page.button('下書き保存').click();
      const problems = page.problems;
      await page.until('the problems', () => problems().length > 0);
      expect(problems()).toEqual(['終了時刻: 終了時刻は開始時刻より後にしてください。']);
    } finally {
      await page.close();
    }
  });

  it('sends a comment with the decision it was written for only, and says an approval passed on is not the last', async () => {
    const { supervisor, members } = await teamOf(t, 3, 4);
    const [refused, plain, special] = [
      await submitted(t, members[0]!, { date: '2026-12-17' }),
      await submitted(t, members[1]!, { date: '2026-12-17' }),
      // a place other than home or a satellite office takes the special route: 所属長 → 職員課合議 → 部長
      await submitted(t, members[2]!, { date: '2026-12-17', location: 'other', locationText: '実家' }),
    ];
    const boss = await tab(supervisor, '#/inbox');
    try {
      const rowOf = (id: string) => boss.rowOf(id)!;
      await boss.until('the three requests', () => [refused, plain, special].every((id) => rowOf(id) !== undefined));
      const tick = (id: string) =>
        ((rowOf(id).querySelector('input[type=checkbox]') as HTMLInputElement).checked = true);
      const box = boss.doc.querySelector('main textarea') as HTMLTextAreaElement;
      // a rejection, which cannot be undone, and a special approval ticked along are asked first
      const asked: string[] = [];
      let answer = true;
      boss.w.confirm = (q?: string) => (asked.push(String(q)), answer);
      tick(refused);
      // without a reason the page asks for one, and nothing is asked or sent
      const sent = await t.db.query(`SELECT version FROM approval_tasks WHERE request_id = $1`, [refused]);
      boss.button('Reject selected').click();
      await boss.until('the request for a reason', () => boss.text('#toast').includes('Say why in the comment'));
      expect([asked, boss.doc.activeElement]).toEqual([[], box]);
      expect(await t.db.query(`SELECT version FROM approval_tasks WHERE request_id = $1`, [refused])).toEqual(sent);
      box.value = 'Not that day: the counter needs you';
      await boss.until('the button free again', () => !boss.button('Reject selected').disabled);
      boss.button('Reject selected').click();
      await boss.until('the rejection', () => rowOf(refused).classList.contains('done'));
      expect(asked).toEqual([
        expect.stringMatching(/^Reject\? A rejected request cannot be reopened.*\nItems to reject: 1$/),
      ]);
      expect(box.value).toBe('');
      tick(plain);
      tick(special);
      answer = false; // not yet: nothing is sent
      boss.button('Approve selected').click();
      await boss.until('the question', () => asked.length === 2);
      expect(asked[1]).toMatch(/need a special approval \(要例外承認\).*\nNeeding special approval: 1 \/ 2$/s);
      // (the answer came back before any call would go out)
      const [still] = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM approval_tasks WHERE request_id = ANY($1::uuid[]) AND status = 'pending'`,
        [[plain, special]],
      );
      expect(still!.n).toBe(2);
      answer = true;
      boss.button('Approve selected').click();
      await boss.until('the approvals', () => rowOf(special).classList.contains('done'));
      const result = (id: string) => rowOf(id).querySelector('td:last-child')!.textContent;
      expect(result(plain)).toBe('approved');
      expect(result(special)).toBe('Passed to the next step');
      // said where the supervisor is too (the summary above may be out of view down a long list)
      expect(boss.text('#toast')).toContain('2 decided');
      boss.clean();
    } finally {
      await boss.close();
    }
    const comments = (await t.db.query(
      `SELECT request_id, status, comment FROM approval_tasks WHERE request_id = ANY($1::uuid[]) AND assignee_id = $2`,
      [[refused, plain, special], supervisor],
    )) as { request_id: string; status: string; comment: string | null }[];
    expect(Object.fromEntries(comments.map((c) => [c.request_id, [c.status, c.comment]]))).toEqual({
      [refused]: ['rejected', 'Not that day: the counter needs you'],
      [plain]: ['approved', null],
      [special]: ['approved', null],
    });
  });

  it('asks before approving every clean item, naming the filter’s requester and department, not their ids', async () => {
    const { supervisor, members } = await teamOf(t, 2, 17);
    const id = await submitted(t, members[0]!, { date: '2026-12-18' });
    await submitted(t, members[1]!, { date: '2026-12-18' });
    const [who] = await t.db.query<{ r: string; dept: string; department_id: string }>(
      `SELECT s.name_romaji AS r, d.name_en AS dept, s.department_id FROM staff s
       JOIN departments d ON d.id = s.department_id WHERE s.id = $1`,
      [members[0]],
    );
    const boss = await tab(supervisor, '#/inbox');
    try {
      await boss.until('the request', () => boss.rowOf(id) !== undefined);
      boss.set('main select[name=requester]', members[0]!);
      boss.set('main select[name=department]', who!.department_id);
      boss.button('Filter').click();
      await boss.until('the filtered list', () => boss.doc.querySelectorAll('main tbody tr').length === 1);
      const asked: string[] = [];
      boss.w.confirm = (q?: string) => (asked.push(String(q)), false); // asked, and said no: nothing is sent
      boss.button('Approve every clean item matching the filter').click();
      await boss.until('the question', () => asked.length === 1);
      expect(asked[0]).toContain(`Requester ${who!.r} ${members[0]}`);
      expect(asked[0]).toContain(`Department ${who!.dept}`);
      expect(asked[0]).not.toContain(`Department ${who!.department_id}`);
      // with nothing of the kind on show, it says so instead of asking
      boss.set('main input[name=workDate]', '2026-12-21');
      boss.button('Filter').click();
      await boss.until('the empty list', () => boss.rowOf(id) === undefined);
      boss.button('Approve every clean item matching the filter').click();
      await boss.until('the answer', () => boss.text('#toast').includes('No pending item matching the filter'));
      expect(asked).toHaveLength(1);
      boss.clean();
    } finally {
      await boss.close();
    }
    const [task] = await t.db.query<{ status: string }>(`SELECT status FROM approval_tasks WHERE request_id = $1`, [
      id,
    ]);
    expect(task!.status).toBe('pending');
  });

  it('keeps a supervisor’s inbox as they left it: after opening a request, and across a language switch', async () => {
    const { supervisor, members } = await teamOf(t, 3, 12);
    const [first, second, other] = [
      await submitted(t, members[0]!, { date: '2026-12-23' }),
      await submitted(t, members[1]!, { date: '2026-12-23' }),
      await submitted(t, members[2]!, { date: '2026-12-24' }),
    ];
    const boss = await tab(supervisor, '#/inbox');
    try {
      const box = (id: string) => boss.rowOf(id)!.querySelector('input[type=checkbox]') as HTMLInputElement;
      await boss.until('the requests', () => [first, second, other].every((id) => boss.rowOf(id) !== undefined));
      boss.set('main input[name=workDate]', '2026-12-23');
      boss.button('Filter').click();
      await boss.until('the filtered list', () => boss.rowOf(other) === undefined);
      box(first).checked = true;
      box(first).dispatchEvent(new boss.w.Event('change'));
      const comment = () => boss.doc.querySelector('main textarea') as HTMLTextAreaElement;
      comment().value = 'Half-written';
      comment().dispatchEvent(new boss.w.Event('input'));
      // open the request, then come back
      (boss.rowOf(second)!.querySelector('a') as HTMLAnchorElement).click();
      await boss.until('the request page', () => boss.w.location.hash === `#/requests/${second}`);
      await boss.until('the request', () => boss.text('main').includes('Timeline'));
      await boss.go('#/inbox', 'Inbox');
      const kept = async () => {
        await boss.until('the same list', () => boss.rowOf(first) !== undefined && boss.rowOf(other) === undefined);
        expect((boss.doc.querySelector('main input[name=workDate]') as HTMLInputElement).value).toBe('2026-12-23');
        expect(box(first).checked).toBe(true);
        expect(box(second).checked).toBe(false);
        expect(comment().value).toBe('Half-written');
      };
      await kept();
      // ticks made with the select-all box are kept as well, and so is their undoing
      const all = () => boss.doc.querySelector('main thead input[type=checkbox]') as HTMLInputElement;
      for (const ticked of [true, false]) {
        all().checked = ticked;
        all().dispatchEvent(new boss.w.Event('change'));
        await boss.go(`#/requests/${second}`, '2026-12-23');
        await boss.go('#/inbox', 'Inbox');
        await boss.until('the list', () => boss.rowOf(first) !== undefined);
        expect([box(first).checked, box(second).checked]).toEqual([ticked, ticked]);
      }
      box(first).checked = true;
      box(first).dispatchEvent(new boss.w.Event('change'));
      // a period of work days selects as the API does; one that ends before it starts says why in place
      boss.set('main input[name=workDate]', '');
      boss.set('main input[name=workFrom]', '2026-12-24');
      boss.button('Filter').click();
      await boss.until('the later request', () => boss.rowOf(other) !== undefined && boss.rowOf(first) === undefined);
      boss.set('main input[name=workTo]', '2026-12-23');
      boss.button('Filter').click();
      await boss.until('the refusal', () => boss.text('main .error').includes('Work days to'));
      boss.set('main input[name=workFrom]', '');
      boss.set('main input[name=workTo]', '');
      boss.set('main input[name=workDate]', '2026-12-23');
      boss.button('Filter').click();
      await boss.until('the day again', () => boss.rowOf(first) !== undefined && boss.rowOf(other) === undefined);
      box(first).checked = true;
      box(first).dispatchEvent(new boss.w.Event('change'));
      boss.button('日本語').click();
      await boss.until('the Japanese page', () => boss.text('main h1') === '受信箱');
      await kept();
      // an item decided elsewhere meanwhile (another tab) is refused, unticked and out of play;
      // the summary says why, where a narrow screen shows it without scrolling sideways
      await t.http
        .post('/api/v1/inbox/decisions')
        .set(await as(t, supervisor))
        .send({ decisions: [{ taskId: await taskOf(t, supervisor, first), action: 'approve' }] })
        .expect(200);
      const pendingCount = () => Number(/未処理の案件: (\d+)/.exec(boss.text('main p.muted'))?.[1]);
      const before = pendingCount();
      boss.button('選択を承認').click();
      await boss.until('the refusal', () => boss.rowOf(first)!.classList.contains('done'));
      expect(box(first).disabled).toBe(true);
      expect(boss.text('main [role=status]')).toContain('この案件は既に処理済みです。');
      // the box's total is counted again: the item decided in the other tab is gone from it
      await boss.until('the total counted again', () => pendingCount() === before - 1);
    } finally {
      await boss.close();
    }
  });

  it('draws the inbox again when its own link is clicked: what came in since shows', async () => {
    const { supervisor, members } = await teamOf(t, 2, 20);
    const first = await submitted(t, members[0]!, { date: '2026-12-28' });
    const boss = await tab(supervisor, '#/inbox');
    try {
      await boss.until('the first request', () => boss.rowOf(first) !== undefined);
      const later = await submitted(t, members[1]!, { date: '2026-12-28' });
      const link = boss.doc.querySelector('#nav a[data-key=inbox]') as HTMLAnchorElement;
      expect(link.getAttribute('aria-current')).toBe('page');
      link.dispatchEvent(new boss.w.MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
      await boss.until('the request that came in since', () => boss.rowOf(later) !== undefined);
      expect(boss.rowOf(first)).toBeDefined();
      boss.clean();
    } finally {
      await boss.close();
    }
  });

  it('unticks "select all" when "show more" brings rows it did not tick, and ticks them with the next click', async () => {
    const [approver] = (await kachos(10, 1)) as [string];
    const requesters = (
      await t.db.query<{ id: string }>(
        `SELECT id FROM staff WHERE active AND grade NOT IN ('kacho', 'bucho') AND id <> $1 ORDER BY id DESC LIMIT 30`,
        [approver],
      )
    ).map((r) => r.id);
    // one more than a page of the inbox holds
    await t.db.tx((m) =>
      seedRequests(m, { approverId: approver, requesters, count: 101, dates: weekdays('2031-02-03', 20) }),
    );
    const boss = await tab(approver, '#/inbox');
    try {
      const boxes = () => [...boss.doc.querySelectorAll('main tbody input[type=checkbox]')] as HTMLInputElement[];
      const all = () => boss.doc.querySelector('main thead input[type=checkbox]') as HTMLInputElement;
      await boss.until('the first page', () => boxes().length === 100);
      all().checked = true;
      all().dispatchEvent(new boss.w.Event('change'));
      expect(boxes().every((b) => b.checked)).toBe(true);
      boss.button('Show more').click();
      await boss.until('the next page', () => boxes().length === 101);
      expect(boxes()[100]!.checked).toBe(false);
      expect(all().checked).toBe(false); // not every row is ticked any more
      all().checked = true;
      all().dispatchEvent(new boss.w.Event('change'));
      expect(boxes().every((b) => b.checked)).toBe(true);
      // unticking one row unticks "select all"; ticking it again ticks it
      boxes()[5]!.checked = false;
      boxes()[5]!.dispatchEvent(new boss.w.Event('change'));
      expect(all().checked).toBe(false);
      boxes()[5]!.checked = true;
      boxes()[5]!.dispatchEvent(new boss.w.Event('change'));
      expect(all().checked).toBe(true);
      boss.clean();
    } finally {
      await boss.close();
    }
  });

  it('names each value of a list after its column, for the cards a phone shows, also on the rows "show more" brings', async () => {
    const [approver] = (await kachos(16, 1)) as [string];
    const requesters = (
      await t.db.query<{ id: string }>(
        `SELECT id FROM staff WHERE active AND grade NOT IN ('kacho', 'bucho') AND id <> $1 ORDER BY id LIMIT 30`,
        [approver],
      )
    ).map((r) => r.id);
    await t.db.tx((m) =>
      seedRequests(m, { approverId: approver, requesters, count: 101, dates: weekdays('2031-06-02', 20) }),
    );
    const boss = await tab(approver, '#/inbox', 'ja');
    try {
      const rows = () => [...boss.doc.querySelectorAll('main tbody tr')];
      /** Each cell's name, in order (null: a cell with none). */
      const names = (tr: Element) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-label'));
      const heads = [null, '経過', '勤務日', '申請者', '種別', '判定', '申請内容', '結果'];
      await boss.until('the first page', () => rows().length === 100);
      // (the names follow the rows in: the observer runs after the row is added)
      await boss.until('the cells named', () => rows().every((tr) => names(tr).join() === heads.join()));
      // the head a phone keeps: the select-all box, with its words
      expect(boss.text('main thead label')).toBe('すべて選択');
      // the bar that stays in view down the list says how many are ticked
      const boxes = [...boss.doc.querySelectorAll('main tbody input[type=checkbox]')] as HTMLInputElement[];
      expect(boss.text('main .inbox-bar [aria-live]')).toBe('');
      for (const b of boxes.slice(0, 2)) b.click();
      expect(boss.text('main .inbox-bar [aria-live]')).toBe('2 件を選択中');
      expect([...boss.doc.querySelectorAll('main .inbox-bar button')].map((b) => b.textContent)).toEqual([
        '選択を承認',
        '選択を差し戻す',
        '選択を却下',
      ]);
      for (const b of boxes.slice(0, 2)) b.click();
      boss.button('さらに表示').click();
      await boss.until('the next page', () => rows().length === 101);
      await boss.until('its cells named', () => names(rows()[100]!).join() === heads.join());
      // opened from the list and back: the rows "show more" brought are back too (the same cards in place)
      const last = rows()[100]!.querySelector('a[href^="#/requests/"]') as HTMLAnchorElement;
      last.click();
      await boss.until('the request', () => boss.text('main h1').includes('決裁待ち'));
      await boss.go('#/inbox', '受信箱');
      await boss.until('both pages again', () => rows().length === 101);
      // once: opened afresh later, the list starts at its first page
      await boss.go('#/requests', '自分の申請');
      await boss.go('#/inbox', '受信箱');
      await boss.until('the first page', () => rows().length === 100);
      await new Promise((r) => setTimeout(r, 200));
      expect(rows()).toHaveLength(100);
      // and only straight back from the item: by way of another page, it starts afresh too
      boss.button('さらに表示').click();
      await boss.until('the next page', () => rows().length === 101);
      (rows()[100]!.querySelector('a[href^="#/requests/"]') as HTMLAnchorElement).click();
      await boss.until('the request', () => boss.text('main h1').includes('決裁待ち'));
      await boss.go('#/notifications', 'お知らせ');
      await boss.go('#/inbox', '受信箱');
      await boss.until('the first page', () => rows().length === 100);
      await new Promise((r) => setTimeout(r, 200));
      expect(rows()).toHaveLength(100);
      // the filters fold under what is in use (folded on a phone; jsdom is no phone: open)
      const fold = boss.doc.querySelector('main details.filters') as HTMLDetailsElement;
      expect(fold.open).toBe(true);
      expect(boss.text('main details.filters > summary')).toBe('絞り込み: なし（すべての案件）');
      (boss.doc.querySelector('main select[name=kind]') as HTMLSelectElement).value = 'approval';
      boss.button('絞り込み').click();
      await boss.until('the filter said on the fold', () =>
        boss.text('main details.filters > summary').includes('種別 決裁'),
      );
      // a grid that reads across stays one: the office attendance by day has no cards
      await boss.go('#/attendance', '出勤状況');
      await boss.until('the grid', () => boss.doc.querySelectorAll('main .attendance-table tbody tr').length > 0);
      expect(boss.doc.querySelector('main .attendance-table .scroll')!.classList.contains('cards')).toBe(false);
      expect(boss.doc.querySelectorAll('main .attendance-table td[data-label]')).toHaveLength(0);
      boss.clean();
    } finally {
      await boss.close();
    }
    // one's own list, whose rows open on a click anywhere on them: the same
    const [own] = requesters as [string];
    await t.db.tx((m) =>
      seedRequests(m, { approverId: approver, requesters: [own], count: 51, dates: weekdays('2031-09-01', 60) }),
    );
    const mine = await tab(own, '#/requests', 'ja');
    try {
      const listed = () => [...mine.doc.querySelectorAll('main tbody tr')];
      await mine.until('the first page', () => listed().length === 50);
      // filtered: the list comes back under the same filter
      const asked: string[] = [];
      const fetchAll = mine.w.fetch;
      mine.w.fetch = (async (input: string, init?: RequestInit) => {
        const res = await fetchAll(input, init);
        asked.push(String(input));
        return res;
      }) as typeof fetch;
      mine.set('main select[aria-label="状態"]', 'awaitingDecision');
      await mine.until('the filtered list', () => asked.some((u) => u.includes('status=awaitingDecision')));
      await new Promise((r) => setTimeout(r, 200)); // (drawn)
      expect(listed().every((tr) => tr.textContent!.includes('決裁待ち'))).toBe(true);
      mine.button('さらに表示').click();
      await mine.until('the next page', () => listed().length > 50);
      const count = listed().length;
      (listed()[count - 1]!.querySelector('td:nth-child(2)') as HTMLElement).click();
      await mine.until('the request', () => mine.text('main h1').includes('決裁待ち'));
      await mine.go('#/requests', '自分の申請');
      await mine.until('both pages again', () => listed().length === count);
      expect((mine.doc.querySelector('main select[aria-label="状態"]') as HTMLSelectElement).value).toBe(
        'awaitingDecision',
      );
    } finally {
      await mine.close();
    }
  });

  it('puts the reason for a return at the top of the request and of its edit form', async () => {
    const { supervisor, members } = await teamOf(t, 1, 13);
    const id = await submitted(t, members[0]!, { date: '2026-12-28' });
    const [r] = await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, supervisor))
      .send({
        decisions: [{ taskId: await taskOf(t, supervisor, id), action: 'return', comment: 'Name the documents' }],
      })
      .expect(200)
      .then((res) => res.body.results as { ok: boolean }[]);
    expect(r!.ok).toBe(true);
    const page = await tab(members[0]!, `#/requests/${id}`);
    try {
      const note = () => page.text('main [role=note]');
      await page.until('the reason', () => note().includes('Returned because: Name the documents'));
      // withdrawing it is asked first, pointing to the edit rather than to a new request
      const asked: string[] = [];
      page.w.confirm = (q?: string) => (asked.push(String(q)), false);
      page.button('Withdraw').click();
      expect(asked).toEqual([expect.stringContaining('do not withdraw it: edit it and submit it again')]);
      await page.go(`#/requests/${id}/edit`, 'Edit');
      await page.until('the reason on the form', () => note().includes('Returned because: Name the documents'));
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('checks the record of a request from its page: as written, then what was changed behind Teleflow', async () => {
    const { members } = await teamOf(t, 1, 27);
    const id = await submitted(t, members[0]!, { date: '2026-12-17' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const page = await tab(members[0]!, `#/requests/${id}`);
    try {
      await page.until('the timeline', () => page.text('main').includes('Timeline'));
      page.button('Check the record').click();
      await page.until('the check', () => page.text('main').includes('The record stands as written'));
      // how many entries, and whose: the request's own (its timeline), its route's and its task's
      expect(page.text('main .record-check')).toMatch(
        /Entries checked: \d+ \(Request \d+, Approval route \d+, Task \d+\)/,
      );
      expect(page.text('main .record-check')).not.toContain('null');
      await t.db.query(
        `UPDATE workflow_events SET payload = payload || '{"comment": "書き換え"}' WHERE instance_id = $1 AND seq = 2`,
        [id],
      );
      page.button('Check the record').click();
      await page.until('the problem', () => page.text('main .record-check .error').includes('The record has problems'));
      // under whose log, without internal ids: the request's second entry
      expect(page.text('main .record-problems')).toBe(
        'RequestEntry 2 does not match its hash (it may have been altered).',
      );
    } finally {
      await page.close();
    }
  });

  it('names the inbox buttons for what is ticked: a 合議 is agreed or disagreed to, not approved', async () => {
    const { supervisor, members } = await teamOf(t, 1, 28);
    // a place other than home or a satellite office takes the special route: 所属長 → 職員課合議 → 部長
    const id = await submitted(t, members[0]!, { date: '2026-12-18', location: 'other', locationText: '実家' });
    await decide(t, supervisor, [{ taskId: await taskOf(t, supervisor, id), action: 'approve' }]);
    const [consult] = await t.db.query<{ assignee_id: string }>(
      `SELECT assignee_id FROM approval_tasks WHERE request_id = $1 AND kind = 'consult' AND status = 'pending'`,
      [id],
    );
    const party = await tab(consult!.assignee_id, '#/inbox');
    try {
      await party.until('the 合議', () => party.rowOf(id) !== undefined);
      const box = party.rowOf(id)!.querySelector('input[type=checkbox]') as HTMLInputElement;
      const tick = (on: boolean) => {
        box.checked = on;
        box.dispatchEvent(new party.w.Event('change'));
      };
      expect(party.button('Approve selected')).toBeDefined(); // nothing ticked: the usual words
      tick(true);
      expect(party.button('Agree to selected')).toBeDefined();
      expect(party.button('Disagree with selected')).toBeDefined();
      tick(false);
      expect(party.button('Reject selected')).toBeDefined();
      // ticked with "select all" too
      const all = party.doc.querySelector('main thead input[type=checkbox]') as HTMLInputElement;
      all.checked = true;
      all.dispatchEvent(new party.w.Event('change'));
      expect(party.button('Agree to selected')).toBeDefined();
      party.button('Agree to selected').click();
      await party.until('the agreement', () => party.rowOf(id)!.classList.contains('done'));
      party.clean();
    } finally {
      await party.close();
    }
    // the 部長 approves; the 供覧 that follows is only acknowledged, and its button says so
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const [inform] = await t.db.query<{ assignee_id: string }>(
      `SELECT assignee_id FROM approval_tasks WHERE request_id = $1 AND kind = 'inform' AND status = 'pending' LIMIT 1`,
      [id],
    );
    const reader = await tab(inform!.assignee_id, '#/inbox');
    try {
      await reader.until('the 供覧', () => reader.rowOf(id) !== undefined);
      const box = reader.rowOf(id)!.querySelector('input[type=checkbox]') as HTMLInputElement;
      box.checked = true;
      box.dispatchEvent(new reader.w.Event('change'));
      expect(reader.button('Acknowledge selected')).toBeDefined();
      // neither rejected nor returned: those buttons are gone while only it is ticked
      expect([reader.button('Reject selected').hidden, reader.button('Return selected').hidden]).toEqual([true, true]);
      box.checked = false;
      box.dispatchEvent(new reader.w.Event('change'));
      expect([reader.button('Reject selected').hidden, reader.button('Return selected').hidden]).toEqual([
        false,
        false,
      ]);
      reader.clean();
    } finally {
      await reader.close();
    }
  });

  it('lets a supervisor decide on the request page, where they read it in full', async () => {
    const { supervisor, members } = await teamOf(t, 2, 14);
    const [approveIt, returnIt] = [
      await submitted(t, members[0]!, { date: '2026-12-15' }),
      await submitted(t, members[1]!, { date: '2026-12-15' }),
    ];
    const page = await tab(supervisor, `#/requests/${approveIt}`);
    try {
      await page.until('the decision card', () => page.text('main').includes('Your decision'));
      page.button('Approve').click();
      await page.until('the approved request', () => page.text('main h1').includes('approved'));
      expect(page.text('main')).not.toContain('Your decision');
      await page.go(`#/requests/${returnIt}`, '2026-12-15');
      await page.until('the decision card', () => page.text('main').includes('Your decision'));
      page.button('Return').click();
      await page.until('the refusal', () => page.text('main .error').includes('needs a comment'));
      (page.doc.querySelector('#decide-comment-0') as HTMLTextAreaElement).value = 'Say which documents';
      page.button('Return').click();
      await page.until('the returned request', () => page.text('main [role=note]').includes('Say which documents'));
      // withdrawn while the page was open: the approval is refused, and the page shows where it stands now
      const gone = await submitted(t, members[0]!, { date: '2026-12-16' });
      await page.go(`#/requests/${gone}`, '2026-12-16');
      await page.until('the decision card', () => page.text('main').includes('Your decision'));
      await t.http
        .post(`/api/v1/requests/${gone}/withdraw`)
        .set(await as(t, members[0]!))
        .send({})
        .expect(200);
      page.button('Approve').click();
      await page.until('the page drawn again', () => page.text('main h1').includes('withdrawn'));
      expect(page.text('main .error')).toContain('withdrew');
      expect(page.text('main')).not.toContain('Your decision');
    } finally {
      await page.close();
    }
    // the requester sees no decision to make on their own request
    const own = (
      await t.http
        .get(`/api/v1/requests/${returnIt}`)
        .set(await as(t, members[1]!))
        .expect(200)
    ).body;
    expect(own.myTasks).toEqual([]);
  });

  it('tells an approver a decision task that takes nothing (its route lost) cannot be decided, with no buttons', async () => {
    const { supervisor, members } = await teamOf(t, 1, 19);
    const id = await submitted(t, members[0]!, { date: '2026-12-15' });
    await t.db.query(`UPDATE approval_tasks SET kessai_id = NULL WHERE request_id = $1`, [id]);
    const page = await tab(supervisor, `#/requests/${id}`);
    try {
      await page.until('the decision card', () => page.text('main').includes('Your decision'));
      const card = [...page.doc.querySelectorAll('main section.card')].find((c) =>
        c.textContent!.includes('Your decision'),
      )!;
      expect(card.querySelectorAll('button')).toHaveLength(0);
      expect(card.textContent).toContain('it cannot be decided; contact an administrator');
    } finally {
      await page.close();
    }
  });

  it('lets staff register to telework, their supervisor approve it, and a day within it pass as a notice', async () => {
    const { supervisor, members } = await teamOf(t, 1, 26);
    const holder = members[0]!;
    const me = await tab(holder, '#/requests');
    try {
      await me.until('the registration card', () => me.text('main').includes('Telework registration'));
      // the allowance line, as a sentence: the policy's label (lower case) heads it capitalised
      await me.until('the allowance line', () =>
        me.text('main').includes('Telework allowance: approved days averaged'),
      );
      me.set('main input[name=regFrom]', '2026-12-01');
      me.set('main input[name=regTo]', '2026-12-31');
      // asked first, naming the period and the places (a registration is no request for one day)
      const asked: string[] = [];
      me.w.confirm = (q?: string) => (asked.push(String(q)), true);
      me.button('Register').click();
      expect(asked).toEqual([expect.stringMatching(/not a request for one day.*\n2026-12-01 – 2026-12-31 · home$/s)]);
      await me.until('the pending registration', () => me.text('main').includes('awaiting approval'));
      me.clean();
    } finally {
      await me.close();
    }
    const boss = await tab(supervisor, '#/team');
    try {
      await boss.until('the registration to decide', () => boss.text('main').includes('Telework registrations'));
      // rejected without a reason: the refusal shows under that registration
      boss.button('Reject').click();
      await boss.until('the refusal', () => boss.doc.querySelector('main section.card li .error') !== null);
      boss.doc.querySelector('main section.card li .error')!.remove();
      // with a reason, a rejection is asked first; said no, nothing is sent
      const askedReject: string[] = [];
      boss.w.confirm = (q?: string) => (askedReject.push(String(q)), false);
      (boss.doc.querySelector('main section.card li input') as HTMLInputElement).value = 'busy season';
      boss.button('Reject').click();
      expect(askedReject).toEqual(['Reject this registration? The holder reads your reason.']);
      boss.button('Approve').click();
      // drawn again with the registration approved: it can now be revoked
      await boss.until('the approved registration', () => boss.text('main').includes('Revoke'));
      boss.clean();
      // a revocation is asked first; said no, nothing is sent
      const asked: string[] = [];
      boss.w.confirm = (q?: string) => (asked.push(String(q)), false);
      (boss.doc.querySelector('main section.card li input') as HTMLInputElement).value = 'office move';
      boss.button('Revoke').click();
      expect(asked).toEqual(['Revoke this registration? Later requests go the approval route again.']);
      const [mine] = (
        await t.http
          .get('/api/v1/registrations')
          .set(await as(t, holder))
          .expect(200)
      ).body.items;
      expect(mine.status).toBe('approved');
    } finally {
      await boss.close();
    }
    // the holder is told, with a way to the registration
    await t.app.get(NotificationsService).deliverDue();
    const news = await tab(holder, '#/notifications');
    try {
      await news.until('the notice', () => news.text('main ul.notes').includes('telework registration'));
      const note = [...news.doc.querySelectorAll('main ul.notes li')].find((li) =>
        li.textContent!.includes('Your telework registration for 2026-12-01 to 2026-12-31 was approved by'),
      )!;
      expect(note.querySelector('a')!.getAttribute('href')).toBe('#/requests');
      expect(note.querySelector('a')!.textContent).toBe('see the registration');
      news.clean();
    } finally {
      await news.close();
    }
    const id = await submitted(t, holder, { date: '2026-12-16' });
    const page = await tab(holder, `#/requests/${id}`);
    try {
      await page.until('the request', () => page.text('main h1').includes('approved'));
      expect(page.text('ol.timeline')).toContain('filed as a notice (registration)');
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('draws the page one went to, not one still loading that one left (a slow answer, a quick click)', async () => {
    const p = await tab(ADMIN, '#/requests');
    try {
      await p.until('My requests', () => p.text('main h1') === 'My requests');
      // the backlog answers slowly: the admin clicks on to the notifications meanwhile
      const fetchNow = p.w.fetch;
      let slow!: () => void;
      const held = new Promise<void>((r) => (slow = r));
      p.w.fetch = (async (input: string, init?: RequestInit) => {
        if (String(input).startsWith('/api/v1/backlog')) await held;
        return fetchNow(input, init);
      }) as typeof fetch;
      p.w.location.hash = '#/backlog';
      await p.until('the backlog loading', () => p.text('main').includes('Loading'));
      await p.go('#/notifications', 'Notifications');
      slow(); // the backlog's answers arrive now
      await new Promise((r) => setTimeout(r, 500));
      expect(p.text('main h1')).toBe('Notifications');
      expect(p.w.location.hash).toBe('#/notifications');
      p.clean();
    } finally {
      await p.close();
    }
  });

  it('opens a link followed before logging in once logged in, not My requests', async () => {
    const { supervisor, members } = await teamOf(t, 1, 12);
    const id = await submitted(t, members[0]!, { date: '2026-12-25' });
    const p = await tab(null, `#/requests/${id}`);
    try {
      await p.until('the picker', () => p.doc.querySelectorAll('.pick button').length > 0);
      const search = p.doc.querySelector('main input[type=search]') as HTMLInputElement;
      search.value = supervisor;
      search.dispatchEvent(new p.w.Event('input'));
      await p.until('one match', () => p.doc.querySelectorAll('.pick button').length === 1);
      (p.doc.querySelector('.pick button') as HTMLButtonElement).click();
      await p.until('the linked request', () => p.w.location.hash === `#/requests/${id}`);
      await p.until('the request page', () => p.text('main').includes('Timeline'));
      p.clean();
    } finally {
      await p.close();
    }
  });

  it('says a comment too long for several items once, under the comment’s label, in Japanese', async () => {
    const { supervisor, members } = await teamOf(t, 2, 3);
    const ids = [
      await submitted(t, members[0]!, { date: '2026-12-18' }),
      await submitted(t, members[1]!, { date: '2026-12-18' }),
    ];
    const boss = await tab(supervisor, '#/inbox', 'ja');
    try {
      const rowOf = boss.rowOf;
      await boss.until('both requests in the inbox', () => ids.every((id) => rowOf(id) !== undefined));
      for (const id of ids) (rowOf(id)!.querySelector('input[type=checkbox]') as HTMLInputElement).checked = true;
      (boss.doc.querySelector('main textarea') as HTMLTextAreaElement).value = 'あ'.repeat(2001);
      boss.button('選択を却下').click();
      const problems = boss.problems;
      await boss.until('the problem', () => problems().length > 0);
      expect(problems()).toEqual(['コメント（却下・差戻しは必須）: 値は 2000 文字以内にしてください。']);
    } finally {
      await boss.close();
    }
  });

  it('shows a supervisor who of their staff teleworks when, by name, over the next two weeks', async () => {
    const { supervisor, members } = await teamOf(t, 2, 7);
    const requestId = await submitted(t, members[0]!, { date: '2026-12-16' });
    // a later day filed first: the list goes by the days, as they come
    const later = await submitted(t, members[1]!, { date: '2026-12-17' });
    const sooner = await submitted(t, members[1]!, { date: '2026-12-15', part: 'am' });
    // one returned for a correction: no one is away for it (yet)
    const returned = await submitted(t, members[0]!, { date: '2026-12-18' });
    const [back] = await decide(t, supervisor, [
      { taskId: await taskOf(t, supervisor, returned), action: 'return', comment: 'add a phone number' },
    ]);
    expect(back).toMatchObject({ ok: true, status: 'returned' });
    const [{ r }] = (await t.db.query(`SELECT name_romaji AS r FROM staff WHERE id = $1`, [members[0]])) as [
      { r: string },
    ];
    const page = await tab(supervisor, '#/team');
    try {
      await page.until('the team page', () => page.text('main h1') === 'Team requests');
      expect(page.text('#nav')).toContain('Team requests');
      // the page opens on the next two weeks from the browser's today in Japan; this test's days are fixed
      page.set('main input[name=from]', '2026-12-14');
      // never a backwards period (the API refuses one): an end before the new start moves along with it
      const toDay = (page.doc.querySelector('main input[name=to]') as HTMLInputElement).value;
      expect(toDay >= '2026-12-14').toBe(true);
      page.set('main input[name=to]', '2026-12-18');
      const row = () => page.rowOf(requestId);
      await page.until('the member’s request', () => row() !== undefined);
      expect(row()!.textContent).toContain(r);
      const order = [sooner, requestId, later].map((id) => page.rowOf(id));
      expect(order.every(Boolean)).toBe(true);
      const rows = page.listRows();
      expect(order.map((tr) => rows.indexOf(tr!))).toEqual(
        [...order.map((tr) => rows.indexOf(tr!))].sort((a, b) => a - b),
      );
      // day by day: a row a person, a column a working day, each request where it takes them (and which part)
      const grid = () => page.doc.querySelector('main .team-grid table');
      await page.until('the grid of the period', () => grid()?.textContent?.includes('14') === true);
      expect([...grid()!.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
        'Staff',
        'Mon 14/12',
        'Tue 15/12',
        'Wed 16/12',
        'Thu 17/12',
        'Fri 18/12',
      ]);
      const line = (who: string) =>
        [...grid()!.querySelectorAll('tbody tr')]
          .find((tr) => tr.querySelector('th')!.getAttribute('title') === who)!
          .querySelectorAll('td');
      const cells = (who: string) => [...line(who)].map((td) => td.textContent);
      expect(cells(members[0]!)).toEqual(['', '', 'Home', '', '']); // (not the returned one on the 18th)
      expect(cells(members[1]!)).toEqual(['', 'Home AM', '', 'Home', '']);
      expect(line(members[1]!)[1]!.querySelector('a')!.getAttribute('href')).toBe(`#/requests/${sooner}`);
      const away = [...grid()!.querySelectorAll('tbody tr')].at(-1)!;
      expect([...away.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual(['away', '0', '1', '1', '1', '0']);
      page.clean();
      // the period stays across a language switch
      page.button('日本語').click();
      await page.until('the Japanese page', () => page.text('main h1') === '部下の申請');
      await page.until('the same request', () => row() !== undefined);
      expect((page.doc.querySelector('main input[name=from]') as HTMLInputElement).value).toBe('2026-12-14');
    } finally {
      await page.close();
    }
  });

  it('lets admins and auditors list everyone’s requests from the team page, in the order the days come', async () => {
    const { members } = await teamOf(t, 1, 32);
    const id = await submitted(t, members[0]!, { date: '2027-02-16' });
    const [{ id: auditor }] = (await t.db.query(
      `SELECT id FROM staff WHERE 'auditor' = ANY(roles) AND NOT 'supervisor' = ANY(roles) ORDER BY id LIMIT 1`,
    )) as [{ id: string }];
    for (const [who, options] of [
      [ADMIN, ['My staff', 'Everyone']],
      [auditor, ['Everyone']],
    ] as const) {
      const page = await tab(who, '#/team');
      try {
        await page.until('the team page', () => page.text('main h1') === 'Team requests');
        expect(page.text('#nav')).toContain('Team requests');
        const scope = page.doc.querySelector('main select[name=scope]') as HTMLSelectElement;
        expect([...scope.options].map((o) => o.textContent)).toEqual(options);
        page.set('main select[name=scope]', 'all');
        page.set('main input[name=from]', '2027-02-16');
        page.set('main input[name=to]', '2027-02-16');
        await page.until('someone else’s request', () => page.rowOf(id) !== undefined);
        page.clean();
      } finally {
        await page.close();
      }
    }
  });

  it('gives the personnel section everyone’s allowance figure for a month, and the same as a spreadsheet', async () => {
    const { members } = await teamOf(t, 1, 33);
    const id = await submitted(t, members[0]!, { date: undefined, from: '2027-03-01', to: '2027-03-05' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM staff WHERE active`)) as [{ n: number }];
    // one who has left since is listed for the days worked, marked so
    await t.db.query(`UPDATE staff SET active = false WHERE id = $1`, [members[0]]);
    const page = await tab(ADMIN, '#/allowance', 'ja');
    try {
      await page.until('the page', () => page.text('main h1') === '在宅勤務等手当の集計');
      expect(page.text('#nav')).toContain('手当の集計');
      page.set('main input[name=month]', '2027-03');
      const rows = () => [...page.doc.querySelectorAll('main tbody tr')];
      const rowOf = (who: string) => rows().find((tr) => tr.textContent!.includes(`(${who})`));
      await page.until('March', () => rowOf(members[0]!)?.textContent?.includes('5') === true);
      const cells = [...rowOf(members[0]!)!.querySelectorAll('td')].map((td) => td.getAttribute('data-label'));
      expect(cells).toEqual(['職員', '部署', '2027-01', '2027-02', '2027-03', '月平均', '支給']);
      expect(rows()).toHaveLength(n);
      expect(rowOf(members[0]!)!.querySelector('td')!.textContent).toContain('退職');
      // one department's
      const [{ dept }] = (await t.db.query(`SELECT department_id AS dept FROM staff WHERE id = $1`, [members[0]])) as [
        { dept: string },
      ];
      page.set('main select[name=department]', dept);
      // (the department's active staff, and the one who left)
      const [{ m }] = (await t.db.query(
        `SELECT count(*)::int AS m FROM staff WHERE (active OR id = $2) AND department_id = $1`,
        [dept, members[0]],
      )) as [{ m: number }];
      expect(rows()).toHaveLength(m);
      // the spreadsheet of what is shown (that department), fetched with the session and saved as a file
      const saved: Blob[] = [];
      const names: string[] = [];
      page.w.URL.createObjectURL = (b: Blob) => (saved.push(b), 'blob:saved');
      page.w.URL.revokeObjectURL = () => {};
      // (the browser saves the file the link names; jsdom would try to navigate to it)
      page.w.HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        names.push(`${this.getAttribute('href')} ${this.download}`);
      };
      page.button('CSV をダウンロード').click();
      await page.until('the file', () => saved.length === 1);
      expect(names).toEqual(['blob:saved telework-allowance-2027-03.csv']);
      const lines = (await saved[0]!.text()).split('\r\n');
      expect(lines[0]).toContain('2027-01,2027-02,2027-03');
      expect(lines.filter((l) => l !== '')).toHaveLength(m + 1);
      expect(lines.find((l) => l.startsWith(`${members[0]},`))).toContain(',5,');
      page.clean();
    } finally {
      await page.close();
      await t.db.query(`UPDATE staff SET active = true WHERE id = $1`, [members[0]]);
    }
  });

  it('shows each unit’s office attendance per day and how many more the counter floor lets telework', async () => {
    // 公民館 (EDUC-05): a counter and 6 staff, of whom counter-floor keeps 3 in the office
    const [member, onLeave] = (await t.db.query(
      `SELECT id FROM staff WHERE section_id = 'EDUC-05' AND grade NOT IN ('kacho', 'bucho') ORDER BY id LIMIT 2`,
    )) as [{ id: string }, { id: string }];
    await submitted(t, member.id, { date: '2026-12-09' });
    await leaveOf(t, onLeave.id, '2026-12-08', '2026-12-10');
    const cell = (p: Awaited<ReturnType<typeof tab>>, section: string) => {
      const row = [...p.doc.querySelectorAll('main tbody tr')].find(
        (r) => r.querySelector('th')?.textContent === section,
      );
      return row?.querySelectorAll('td')[0]?.textContent ?? '';
    };
    const page = await tab(member.id, '#/attendance');
    try {
      await page.until('the attendance page', () => page.text('main h1') === 'Office attendance');
      expect(page.text('#nav a[aria-current=page]')).toBe('Office attendance');
      // the page opens on two weeks from the browser's today in Japan; this test's day is fixed
      page.set('main input[name=from]', '2026-12-09');
      page.set('main input[name=to]', '2026-12-09');
      await page.until('the one day', () => page.doc.querySelectorAll('main thead th').length === 2);
      const kominkan = 'Community Learning Center (Kominkan)';
      for (const part of ['66.7%', '4/6', 'telework: 0 approved, 1 pending', 'leave or trip: 1', 'room for 1 more'])
        expect(cell(page, kominkan)).toContain(part);
      page.clean();
      // in Japanese, the same day stays on show
      page.button('日本語').click();
      await page.until('the Japanese page', () => page.text('main h1') === '出勤状況');
      await page.until('the same day', () => cell(page, '公民館').includes('あと1人まで余裕'));
      expect(cell(page, '公民館')).toContain('休暇・出張 1');
      expect((page.doc.querySelector('main input[name=from]') as HTMLInputElement).value).toBe('2026-12-09');
      // a period the API refuses says why where the table was, and leaves no numbers of another period
      page.set('main input[name=to]', '2026-12-01');
      await page.until('the refusal', () => page.text('main .error').includes('終了日を開始日より前にはできません'));
      expect(page.doc.querySelectorAll('main tbody tr')).toHaveLength(0);
    } finally {
      await page.close();
    }
    // an admin picks one department, and keeps it (and the period) across a language switch
    const admin = await tab(ADMIN, '#/attendance');
    try {
      await admin.until('the departments', () => admin.doc.querySelectorAll('main select option').length > 2);
      admin.set('main input[name=from]', '2026-12-09');
      admin.set('main input[name=to]', '2026-12-09');
      admin.set('main select[name=departmentId]', 'EDUC');
      const units = () => [...admin.doc.querySelectorAll('main tbody th')].map((x) => x.textContent);
      await admin.until('one department', () => units()[0] === 'Board of Education - Education Department');
      admin.button('日本語').click();
      await admin.until('the Japanese page', () => admin.text('main h1') === '出勤状況');
      await admin.until('the same department', () => units()[0] === '教育委員会 教育部');
      expect((admin.doc.querySelector('main select[name=departmentId]') as HTMLSelectElement).value).toBe('EDUC');
      expect(units()).not.toContain('全庁');
      admin.clean();
    } finally {
      await admin.close();
    }
  });

  it('lets a teleworker report the start of today’s work, and shows it on their supervisor’s team page', async () => {
    const { supervisor, members } = await teamOf(t, 1, 11);
    const member = members[0]!;
    // approved the day before for today (the server's today: 2026-11-26, 09:30 in Japan)
    t.clock.set('2026-11-25T00:30:00Z');
    try {
      expect(await approveThroughRoute(t, await submitted(t, member, { date: '2026-11-26' }))).toBe('approved');
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
    const [{ r }] = (await t.db.query(`SELECT name_romaji AS r FROM staff WHERE id = $1`, [member])) as [{ r: string }];

    t.clock.set('2026-11-25T23:10:00Z'); // 08:10 in Japan: before the working-hours window (08:30–17:15)
    const page = await tab(member, '#/requests');
    try {
      await page.until('today’s telework', () => page.text('main').includes('Telework today'));
      // the planned start shows while it is to come
      expect(page.text('main section.card')).toContain('Started: not reported (Planned start 08:30)');
      page.set('main input[name=workNote]', 'drafting the budget');
      page.button('Report the start').click();
      await page.until('the start reported', () => page.text('main section.card').includes('Started: 08:10'));
      expect(page.text('main section.card')).toContain('Started: 08:10 before hours (Planned start 08:30)');
      expect(page.text('#toast')).toContain('Start reported.');
      // what one said with it shows back
      expect(page.text('main section.card')).toContain('Started: drafting the budget');
      // the end is asked first: a second tap where the start's button was ends nothing
      const asked: string[] = [];
      let answer = false;
      page.w.confirm = (q?: string) => (asked.push(String(q)), answer);
      page.button('Report the end').click();
      expect(asked).toEqual(['Report the end of today’s work now? A reported end cannot be taken back.']);
      expect(page.text('main section.card')).toContain('Ended: not reported');
      answer = true;
      page.button('Report the end').click();
      await page.until('the end reported', () => page.text('main section.card').includes('Ended: 08:10'));
      // nothing is left to report, and nothing left out shows as a word
      expect(page.doc.querySelector('main section.card')!.querySelectorAll('button')).toHaveLength(0);
      expect(page.text('main section.card')).not.toContain('null');
      page.clean();
    } finally {
      await page.close();
      t.clock.set('2026-11-26T00:30:00Z');
    }

    const boss = await tab(supervisor, '#/team');
    try {
      await boss.until('the reports', () => boss.text('main').includes('Today’s start and end reports'));
      const row = [...boss.doc.querySelectorAll('main section.card tbody tr')].find((x) => x.textContent?.includes(r));
      expect(row?.textContent).toContain('08:10 before hours');
      expect(row?.textContent).toContain('drafting the budget');
      boss.clean();
    } finally {
      await boss.close();
    }
  });

  it('shows on the route card who moved a step to whom and why, and steps a withdrawn route never reached', async () => {
    const unit = await unitOf(t, 'CITZ-03');
    const [member, other] = unit.members as [string, string];
    const moved = await submitted(t, member, { date: '2026-12-15' });
    const gone = await submitted(t, other, { date: '2026-12-15', location: 'other', locationText: '実家' });
    await t.http
      .post(`/api/v1/backlog/${unit.approver}/reroute`)
      .set(await as(t, ADMIN))
      .send({ toStaffId: unit.deputy, reason: 'On sick leave', taskIds: [await taskOf(t, unit.approver, moved)] })
      .expect(200);
    // and on again: the one it passed through holds nothing on the route now, and is still named
    const next = (await unitOf(t, 'CITZ-05')).deputy;
    const again = await t.http
      .post(`/api/v1/backlog/${unit.deputy}/reroute`)
      .set(await as(t, ADMIN))
      .send({ toStaffId: next, reason: 'Out all week', taskIds: [await taskOf(t, unit.deputy, moved)] })
      .expect(200);
    expect(again.body.results).toMatchObject([{ ok: true, to: next }]);
    await t.http
      .post(`/api/v1/requests/${gone}/withdraw`)
      .set(await as(t, other))
      .send({})
      .expect(200);
    const [{ r }] = (await t.db.query(`SELECT name_romaji AS r FROM staff WHERE id = $1`, [unit.deputy])) as [
      { r: string },
    ];
    const card = (page: Awaited<ReturnType<typeof tab>>) =>
      [...page.doc.querySelectorAll('main section.card')].find((c) =>
        c.querySelector('h2')?.textContent?.startsWith('Approval route'),
      )!.textContent!;
    const first = await tab(member, `#/requests/${moved}`);
    try {
      await first.until('the route card', () => first.text('main').includes('Approval route'));
      expect(card(first)).toMatch(new RegExp(`moved: .+ → ${r} — On sick leave`));
      expect(card(first)).toMatch(new RegExp(`moved: ${r} → .+ — Out all week`));
      expect(card(first)).not.toMatch(/\bS\d{4}\b/);
      first.clean();
    } finally {
      await first.close();
    }
    const second = await tab(other, `#/requests/${gone}`);
    try {
      await second.until('the route card', () => second.text('main').includes('Approval route'));
      expect(card(second)).toContain('not reached (route ended)');
      expect(card(second)).not.toMatch(/\bwaiting\b/);
      second.clean();
    } finally {
      await second.close();
    }
  });

  it('does not offer a form to edit a request awaiting its decision, and names the other language in it', async () => {
    const { members } = await teamOf(t, 1, 8);
    const id = await submitted(t, members[0]!, { date: '2026-12-14' });
    const page = await tab(members[0]!, `#/requests/${id}/edit`);
    try {
      await page.until('the notice', () => page.text('main').includes('cannot be edited'));
      expect(page.text('main')).toContain('(awaiting decision)');
      expect(page.doc.querySelector('main form')).toBeNull();
      const lang = page.doc.getElementById('lang')!;
      expect([lang.textContent, lang.getAttribute('lang'), lang.getAttribute('aria-label')]).toEqual([
        '日本語',
        'ja',
        null,
      ]);
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('lets a supervisor revoke an approval from the request page, saying why', async () => {
    const { supervisor, members } = await teamOf(t, 1, 9);
    const id = await submitted(t, members[0]!, { date: '2026-12-21' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const page = await tab(supervisor, `#/requests/${id}`);
    try {
      await page.until('the revoke action', () => page.text('main').includes('Revoke the approval'));
      // without a reason it asks for one, before asking whether to revoke at all
      const asked: string[] = [];
      page.w.confirm = (q?: string) => (asked.push(String(q)), true);
      page.button('Revoke the approval').click();
      await page.until('the ask', () => page.text('main [role=alert]').includes('Say why the approval is revoked'));
      expect(asked).toEqual([]);
      expect(page.doc.activeElement).toBe(page.doc.querySelector('main input[placeholder^="Why"]'));
      page.set('main input[placeholder^="Why"]', 'Needed at the counter that day');
      page.button('Revoke the approval').click();
      await page.until('the revoked request', () => page.text('main h1').includes('approval revoked'));
      expect(asked).toEqual([
        'Revoke the approval of this request? Days already past stay approved; today and the days after are revoked.',
      ]);
      expect(page.text('ol.timeline')).toContain('Needed at the counter that day');
      // the route approved it, and says the approval went since
      const route = [...page.doc.querySelectorAll('main section.card h2')].find((x) =>
        x.textContent!.startsWith('Approval route'),
      )!;
      expect(route.textContent).toMatch(/approved → since then approval revoked$/);
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('offers neither cancel nor revoke once the approved day has passed: the server would refuse both', async () => {
    const { supervisor, members } = await teamOf(t, 1, 16);
    const id = await submitted(t, members[0]!, { date: '2026-12-22' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    const actions = async (who: string) => {
      const page = await tab(who, `#/requests/${id}`);
      try {
        await page.until('the request', () => page.text('main h1').includes('2026-12-22'));
        const labels = [...page.doc.querySelectorAll('main button')].map((b) => b.textContent?.trim());
        page.clean();
        return ['Cancel request', 'Revoke the approval'].filter((x) => labels.includes(x));
      } finally {
        await page.close();
      }
    };
    expect(await actions(members[0]!)).toEqual(['Cancel request']);
    expect(await actions(supervisor)).toEqual(['Revoke the approval']);
    try {
      t.clock.set('2026-12-23T00:30:00Z');
      expect(await actions(members[0]!)).toEqual([]);
      expect(await actions(supervisor)).toEqual([]);
    } finally {
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });

  it('says under the days of a request what the calendar says of them: why a day is closed, how many work days a period holds', async () => {
    const { members } = await teamOf(t, 1, 26);
    const page = await tab(members[0]!, '#/requests/new');
    try {
      await page.until('the form', () => page.doc.querySelector('input[name=date]') !== null);
      const note = () => page.text('main .day-note');
      page.set('input[name=date]', '2026-12-29');
      await page.until('the closed day', () => note() !== '');
      expect(note()).toBe('2026-12-29: year-end closure — a closed day: telework is requested for working days.');
      page.set('input[name=date]', '2026-12-28');
      await page.until('nothing to say of a working day', () => note() === '');
      page.set('select[name=range]', 'range');
      page.set('input[name=from]', '2026-12-24');
      page.set('input[name=to]', '2027-01-05');
      // Thu 24, Fri 25, Mon 28, Mon 4 and Tue 5: the year-end closure and New Year's Day on the weekdays between
      await page.until('the period', () => note().startsWith('Working days in this period: 5'));
      expect(note()).toBe(
        'Working days in this period: 5 (closed on weekdays: 12-29 year-end closure, 12-30 year-end closure, ' +
          "12-31 year-end closure, 01-01 New Year's Day)",
      );
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('says on checking, and again on submitting, which request of one’s own already takes the time, with a link', async () => {
    const { members } = await teamOf(t, 1, 25);
    const first = await submitted(t, members[0]!, { date: '2026-12-22' });
    const page = await tab(members[0]!, '#/requests/new');
    try {
      await page.until('the form', () => page.doc.querySelector('input[name=date]') !== null);
      page.set('input[name=date]', '2026-12-22');
      page.set('input[name=description]', '資料作成 / drafting');
      page.set('select[name=networkTier]', 'internet');
      page.set('select[name=confidentiality]', '1');
      page.button('Check against policy').click();
      await page.until('the verdict', () => page.text('main').includes('Verdict'));
      // the policy it cites, as people read it: its label, then the start of its hash
      expect(page.text('main')).toMatch(/Policy version: 2026\.11 \([0-9a-f]{12}\)/);
      const clash = () =>
        [...page.doc.querySelectorAll('main a')].find((a) => a.textContent!.startsWith('Open the request it clashes'));
      expect(page.text('main [role=alert]')).toContain('Another request of yours (pending or approved)');
      expect(clash()?.getAttribute('href')).toBe(`#/requests/${first}`);
      page.button('Save and submit').click();
      await page.until('the refusal on the draft', () => page.text('main').includes('REQUEST_OVERLAPS'));
      expect(clash()?.getAttribute('href')).toBe(`#/requests/${first}`);
      expect(clash()?.textContent).toContain('2026-12-22');
      // the refusal is the one thing wrong on the page
      expect([...page.doc.querySelectorAll('main .error')].map((e) => e.textContent)).toEqual([
        expect.stringContaining('(REQUEST_OVERLAPS)'),
      ]);
    } finally {
      await page.close();
    }
  });

  it("says before removing a deputy how many items they hold in the approver's place, as the approver's box does", async () => {
    const unit = await unitOf(t, 'ENVR-02');
    const admin = await as(t, ADMIN);
    const today = new Date(t.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    await t.http.post('/api/v1/delegations').set(admin).send({ approverId: unit.approver, deputyId: unit.deputy });
    await t.http
      .post('/api/v1/absences')
      .set(admin)
      .send({ staffId: unit.approver, from: today, to: today, kind: 'leave' })
      .expect(201);
    await submitted(t, unit.members[0]!, { date: '2026-12-22' }); // to the deputy, in the approver's place
    const page = await tab(ADMIN, `#/away/${unit.approver}`);
    try {
      await page.until('the deputies', () => page.text('main').includes('Deputies'));
      const row = page.doc.querySelector(`main td[title="${unit.deputy}"]`)!.closest('tr')!;
      const asked: string[] = [];
      page.w.confirm = (q?: string) => (asked.push(String(q)), false); // said no: nothing moves
      (row.querySelector('button') as HTMLButtonElement).click();
      await page.until('the question', () => asked.length > 0);
      expect(asked[0]).toContain("They hold 1 item(s) in the approver's place now");
      page.clean();
    } finally {
      await page.close();
    }
    // the overview counts it beside the approver's empty box
    const list = await tab(ADMIN, '#/backlog');
    try {
      const rowOf = () =>
        [...list.doc.querySelectorAll('main tbody tr')].find((r) => r.textContent!.includes(`(${unit.approver})`));
      await list.until('the approver', () => rowOf() !== undefined);
      expect(rowOf()!.querySelectorAll('td')[2]!.textContent).toBe('0with deputies: 1');
      // a moment as Japan's clock reads it, written as the dates are (not 26/11/2026, 09:30:00)
      const japan = new Date(t.clock.now().getTime() + 9 * 3_600_000).toISOString();
      expect(list.text('main')).toContain(`As of: ${japan.slice(0, 10)} ${japan.slice(11, 16)}`);
      list.clean();
    } finally {
      await list.close();
    }
    // the approver's box, empty, says where their item is: with the deputy, whose box it links to
    const box = await tab(ADMIN, `#/backlog/${unit.approver}`);
    try {
      await box.until('the note', () => box.text('main .held') !== '');
      expect(box.text('main .held')).toMatch(/^Held by deputies in this approver’s place \(代決.*: .+ 1 item$/);
      expect(box.doc.querySelector('main .held a')!.getAttribute('href')).toBe(`#/backlog/${unit.deputy}`);
      expect(box.text('main tbody')).toBe('Nothing here.');
      box.button('日本語').click();
      await box.until('the Japanese note', () => box.text('main .held').startsWith('代決者がこの決裁者に代わって'));
      expect(box.text('main .held')).toMatch(/ 1件$/);
      box.clean();
    } finally {
      await box.close();
    }
  });

  it('says why a request cannot be opened when it came to one before and has moved on since', async () => {
    const unit = await unitOf(t, 'CITZ-01');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-23' });
    await rerouteBox(t, unit.approver, unit.deputy);
    // the admin moves it on again: the deputy it went to first no longer holds it
    await rerouteBox(t, unit.deputy, unit.boss);
    const page = await tab(unit.deputy, `#/requests/${id}`);
    try {
      await page.until('the refusal', () => page.text('main').includes('REQUEST_NOT_FOUND'));
      expect(page.text('main')).toContain('has since moved to someone else');
      // the code is for the help desk: beside the message, apart from it
      expect(page.text('main .error .code')).toBe('(REQUEST_NOT_FOUND)');
      expect(page.text('main .error')).toMatch(/^\S.* \(REQUEST_NOT_FOUND\)$/);
    } finally {
      await page.close();
    }
  });

  it('asks before removing an absence, naming it; said no, it stays', async () => {
    const { supervisor } = await teamOf(t, 1, 30);
    await t.http
      .post('/api/v1/absences')
      .set(await as(t, supervisor))
      .send({ staffId: supervisor, from: '2026-12-24', to: '2026-12-25', kind: 'trip' })
      .expect(201);
    const page = await tab(supervisor, '#/away');
    try {
      await page.until('the absence', () => page.text('main').includes('2026-12-24'));
      const asked: string[] = [];
      page.w.confirm = (q?: string) => (asked.push(String(q)), false);
      page.button('Remove').click();
      expect(asked).toEqual(['Remove this?\nAbsence: 2026-12-24 – 2026-12-25 business trip']);
      page.clean();
    } finally {
      await page.close();
    }
    const left = await t.db.query(`SELECT 1 FROM absences WHERE staff_id = $1 AND date_from = '2026-12-24'`, [
      supervisor,
    ]);
    expect(left).toHaveLength(1);
  });

  it('cancels an approval once begun from the request page: the days worked stay, the timeline says to when', async () => {
    const { members } = await teamOf(t, 1, 31);
    const id = await submitted(t, members[0]!, { date: undefined, from: '2026-12-07', to: '2026-12-09' });
    expect(await approveThroughRoute(t, id)).toBe('approved');
    t.clock.set('2026-12-08T00:30:00Z'); // Tuesday: Monday has been worked
    const page = await tab(members[0]!, `#/requests/${id}`);
    try {
      await page.until('the request', () => page.text('main h1').includes('approved'));
      const asked: string[] = [];
      page.w.confirm = (q?: string) => (asked.push(String(q)), true);
      page.button('Cancel request').click();
      expect(asked).toEqual([expect.stringContaining('Days already past stay approved')]);
      await page.until('the shortened request', () => page.text('ol.timeline').includes('approved through 2026-12-07'));
      expect(page.text('main h1')).toContain('approved');
      expect(page.text('main h1')).toContain('2026-12-07');
      expect(page.text('main h1')).not.toContain('2026-12-09'); // it ends on the Monday now
      // nothing is left to cancel
      expect([...page.doc.querySelectorAll('main .actions button')].map((b) => b.textContent)).not.toContain(
        'Cancel request',
      );
      page.clean();
    } finally {
      await page.close();
      t.clock.set('2026-11-26T00:30:00Z');
    }
  });

  it('names devices in the page’s language, with their id, where the label is written in both', async () => {
    const { members } = await teamOf(t, 1, 29);
    for (const [lang, want, not] of [
      ['en', /^Loaned laptop PC-\d{3}$/, '貸与'],
      ['ja', /^貸与PC PC-\d{3}$/, 'Loaned'],
    ] as const) {
      const page = await tab(members[0]!, '#/requests/new', lang);
      try {
        await page.until('the devices', () => page.doc.querySelectorAll('select[name=deviceId] option').length > 2);
        const labels = [...page.doc.querySelectorAll('select[name=deviceId] option')]
          .map((o) => o.textContent!)
          .filter((x) => x.includes('PC-'));
        expect(labels.length).toBeGreaterThan(0);
        for (const label of labels) {
          expect(label).toMatch(want);
          expect(label).not.toContain(not);
        }
        page.clean();
      } finally {
        await page.close();
      }
    }
  });

  it('lets a task name the business system it needs, so that a system unreachable from outside denies', async () => {
    const { members } = await teamOf(t, 1, 6);
    const page = await tab(members[0]!, '#/requests/new');
    try {
      await page.until('the form', () => page.doc.querySelector('select[name=system]') !== null);
      const options = [...page.doc.querySelectorAll('select[name=system] option')].map((o) => o.textContent);
      expect(options).toEqual(['(none)', 'the payroll system', 'the resident records system']);
      page.set('input[name=date]', '2026-12-14');
      page.set('input[name=description]', '給与計算 / payroll run');
      page.set('select[name=networkTier]', 'internet');
      page.set('select[name=confidentiality]', '1');
      page.set('select[name=system]', 'payroll');
      page.button('Check against policy').click();
      await page.until('the verdict', () => page.text('main').includes('cannot be reached from outside the office'));
      expect(page.text('main')).toContain('“給与計算 / payroll run” needs the payroll system');
      // saved with the request, and kept by an edit that leaves the task as it is
      page.button('Save draft').click();
      await page.until('the draft', () => /#\/requests\/[0-9a-f-]{36}$/.test(page.w.location.hash));
      const id = page.w.location.hash.split('/').at(-1)!;
      const stored = (
        await t.http
          .get(`/api/v1/requests/${id}`)
          .set(await as(t, members[0]!))
          .expect(200)
      ).body;
      expect(stored.tasks[0]).toMatchObject({ system: 'payroll' });
      await page.go(`#/requests/${id}/edit`, 'Edit');
      expect((page.doc.querySelector('select[name=system]') as HTMLSelectElement).value).toBe('payroll');
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('offers staff without a loaned device the shared ones, so that LGWAN work can be asked for from the form', async () => {
    // most staff hold no device of their own
    const [{ id: member }] = (await t.db.query(
      `SELECT s.id FROM staff s WHERE s.supervisor_id IS NOT NULL AND NOT 'supervisor' = ANY(s.roles)
         AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.holder_id = s.id) ORDER BY s.id DESC LIMIT 1`,
    )) as [{ id: string }];
    const page = await tab(member, '#/requests/new');
    try {
      await page.until('the form', () => page.doc.querySelector('select[name=deviceId]') !== null);
      const group = page.doc.querySelector('select[name=deviceId] optgroup')!;
      expect(group.getAttribute('label')).toBe('Shared devices (booked per day)');
      const pool = (await t.db.query(
        `SELECT id FROM devices WHERE holder_id IS NULL AND remote_capable ORDER BY id`,
      )) as { id: string }[];
      expect([...group.querySelectorAll('option')].map((o) => o.getAttribute('value'))).toEqual(pool.map((d) => d.id));
      expect(page.text('main form')).toContain('You hold no loaned device');
      // someone else has booked the second one that day: the list says so once the day is named
      const [{ id: other }] = (await t.db.query(
        `SELECT s.id FROM staff s WHERE s.supervisor_id IS NOT NULL AND NOT 'supervisor' = ANY(s.roles)
           AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.holder_id = s.id) ORDER BY s.id DESC OFFSET 2 LIMIT 1`,
      )) as [{ id: string }];
      await submitted(t, other, { date: '2026-12-15', deviceId: pool[1]!.id });
      const label = (id: string) => group.querySelector(`option[value="${id}"]`)!.textContent;
      expect(label(pool[1]!.id)).not.toContain('booked');
      page.set('input[name=date]', '2026-12-15');
      await page.until('the booking marked', () => label(pool[1]!.id)!.endsWith(' — booked on 2026-12-15'));
      expect(label(pool[0]!.id)).not.toContain('booked');
      // another day: free again
      page.set('input[name=date]', '2026-12-16');
      await page.until('the mark gone', () => !label(pool[1]!.id)!.includes('booked'));
      page.set('input[name=date]', '2026-12-15');
      page.set('input[name=description]', '起案文書の作成 / drafting');
      page.set('select[name=deviceId]', pool[0]!.id); // the task is LGWAN work, as a new task starts
      page.button('Check against policy').click();
      await page.until('the verdict', () => page.text('main').includes('The device requirement is met.'));
      expect(page.text('main')).toContain('A pool device is free');
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('holds submit off once a submission is refused for a device booked since the draft was checked', async () => {
    const noDevice = (await t.db.query(
      `SELECT s.id FROM staff s WHERE s.supervisor_id IS NOT NULL AND NOT 'supervisor' = ANY(s.roles)
         AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.holder_id = s.id) ORDER BY s.id OFFSET 5 LIMIT 2`,
    )) as { id: string }[];
    const [member, other] = noDevice.map((x) => x.id) as [string, string];
    const [, , device] = (await t.db.query(
      `SELECT id FROM devices WHERE holder_id IS NULL AND remote_capable ORDER BY id`,
    )) as { id: string }[];
    const lgwan = [{ description: '起案 / drafting', networkTier: 'lgwan', confidentiality: 2 }];
    const id = (
      await t.http
        .post('/api/v1/requests')
        .set(await as(t, member))
        .send(requestBody({ date: '2026-12-22', deviceId: device!.id, tasks: lgwan }))
        .expect(201)
    ).body.id as string;
    const page = await tab(member, `#/requests/${id}`);
    try {
      await page.until('the check', () => page.doc.querySelector('main .auto-check') !== null);
      expect(page.button('Submit').disabled).toBe(false);
      // someone else books the device that day meanwhile
      await submitted(t, other, { date: '2026-12-22', deviceId: device!.id, tasks: lgwan });
      page.button('Submit').click();
      await page.until('the refusal', () => page.text('main .error').includes('POLICY_DENIED'));
      await new Promise((r) => setTimeout(r, 100)); // (past the button's own busy state)
      expect(page.button('Submit').disabled).toBe(true);
      expect(page.button('Submit').title).toBe('The policy refuses this as it stands: edit it before submitting.');
    } finally {
      await page.close();
    }
  });

  it('files a request like an earlier one on other days: the form comes filled in but for the days', async () => {
    const { members } = await teamOf(t, 1, 23);
    const member = members[0]!;
    const tasks = [
      { description: '議事録の作成 / minutes', networkTier: 'internet', confidentiality: 1 },
      { description: '統計の集計 / statistics', networkTier: 'internet', confidentiality: 2 },
    ];
    const first = await submitted(t, member, {
      date: '2027-01-19',
      part: 'am',
      tasks,
      reason: '毎週火曜の集中作業 / Tuesday focus work',
      contact: '090-0000-0000',
    });
    const page = await tab(member, `#/requests/${first}`);
    try {
      await page.until('the request', () => page.text('main h1').includes('2027-01-19'));
      page.button('New request like this').click();
      await page.until('the filled form', () => page.text('main h1') === 'New request');
      expect(page.text('main [role=note]')).toContain('Filled in as this request but for its days');
      const values = (sel: string) =>
        [...page.doc.querySelectorAll(`main ${sel}`)].map((x) => (x as HTMLInputElement).value);
      expect(values('input[name=description]')).toEqual(tasks.map((x) => x.description));
      expect(values('select[name=part]')).toEqual(['am']);
      expect(values('input[name=contact]')).toEqual(['090-0000-0000']);
      expect(values('input[name=date]')).toEqual(['']); // the days are the new request's own
      page.set('input[name=date]', '2027-01-26');
      page.button('Save draft').click();
      await page.until('the new draft', () => {
        const m = /#\/requests\/([0-9a-f-]{36})$/.exec(page.w.location.hash);
        return m !== null && m[1] !== first;
      });
      const id = page.w.location.hash.split('/').at(-1)!;
      const [draft, earlier] = await Promise.all(
        [id, first].map(
          async (x) =>
            (
              await t.http
                .get(`/api/v1/requests/${x}`)
                .set(await as(t, member))
                .expect(200)
            ).body,
        ),
      );
      expect(draft).toMatchObject({ status: 'draft', from: '2027-01-26', to: '2027-01-26', part: 'am' });
      for (const k of ['location', 'tasks', 'reason', 'contact', 'deviceId']) expect(draft[k]).toEqual(earlier[k]);
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('says a request the policy refused on "save and submit" is kept as a draft, unsent', async () => {
    // one who holds no device, asking for LGWAN work (as a new task starts): refused
    const [{ id: member }] = (await t.db.query(
      `SELECT s.id FROM staff s WHERE s.supervisor_id IS NOT NULL AND NOT 'supervisor' = ANY(s.roles)
         AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.holder_id = s.id) ORDER BY s.id DESC OFFSET 1 LIMIT 1`,
    )) as [{ id: string }];
    const page = await tab(member, '#/requests/new', 'ja');
    try {
      await page.until('the form', () => page.doc.querySelector('input[name=description]') !== null);
      page.set('input[name=date]', '2026-12-16');
      page.set('input[name=description]', '起案文書の作成');
      page.button('保存して申請').click();
      await page.until('the draft', () => /#\/requests\/[0-9a-f-]{36}$/.test(page.w.location.hash));
      await page.until('why', () => page.doc.querySelector('main .error') !== null);
      expect(page.text('main h1')).toContain('下書き');
      expect(page.text('main [role=note]')).toContain('保存しましたが、申請はしていません');
      // submitting it as it stands would be refused again: that waits for an edit
      expect(page.button('申請する').disabled).toBe(true);
      expect(page.button('申請する').title).toBe('このままでは規程により却下されます。編集してから申請してください。');
      // checking it again shows the verdict in their place
      page.button('規程で確認').click();
      await page.until('the verdict', () => page.doc.querySelector('main [role=note]') === null);
      expect(page.button('申請する').disabled).toBe(true);
    } finally {
      await page.close();
    }
    // opened again later, the draft says at once that the policy refuses it, before anyone presses submit
    const [{ id }] = (await t.db.query(
      `SELECT id FROM remote_work_requests WHERE requester_id = $1 AND status = 'draft' ORDER BY created_at DESC LIMIT 1`,
      [member],
    )) as [{ id: string }];
    const again = await tab(member, `#/requests/${id}`);
    try {
      await again.until('the check', () => again.doc.querySelector('main .auto-check') !== null);
      expect(again.doc.querySelector('main .auto-check .badge.deny')).not.toBeNull();
      expect(again.button('Submit').disabled).toBe(true);
      again.clean();
    } finally {
      await again.close();
    }
  });

  it('names the place after its kind on a request’s page, a device it has none of, and the menu in the page’s language', async () => {
    const { members } = await teamOf(t, 1, 22);
    const id = await submitted(t, members[0]!, { date: '2026-12-25', location: 'other', locationText: '実家' });
    for (const [lang, label, place] of [
      ['en', 'Main menu', 'other (実家)'],
      ['ja', 'メインメニュー', 'その他 (実家)'],
    ] as const) {
      const page = await tab(members[0]!, `#/requests/${id}`, lang);
      try {
        await page.until('the request', () => page.text('main h1').includes('2026-12-25'));
        expect(page.doc.getElementById('nav')!.getAttribute('aria-label')).toBe(label);
        const rows = [...page.doc.querySelectorAll('main tr')].map((r) => r.textContent ?? '');
        expect(rows.some((r) => r.endsWith(place))).toBe(true);
        expect(rows.some((r) => r.endsWith(lang === 'en' ? 'Device(none)' : '端末（なし）'))).toBe(true);
        page.clean();
      } finally {
        await page.close();
      }
    }
  });

  it('keeps what was typed in a request form when its page is left, until it is saved or cleared', async () => {
    const { members } = await teamOf(t, 2, 23);
    const draft = (
      await t.http
        .post('/api/v1/requests')
        .set(await as(t, members[0]!))
        .send(
          requestBody({
            date: '2026-12-18',
            tasks: [{ description: 'Budget tables', networkTier: 'internet', confidentiality: 1 }],
          }),
        )
        .expect(201)
    ).body.id as string;
    const page = await tab(members[0]!, '#/requests/new');
    const description = () => (page.doc.querySelector('input[name=description]') as HTMLInputElement).value;
    try {
      await page.until('the form', () => page.doc.querySelector('input[name=description]') !== null);
      page.set('input[name=date]', '2026-12-17');
      page.set('input[name=description]', 'Budget tables');
      // left as a person leaves it (page.go would empty the page first)
      page.w.location.hash = '#/requests';
      await page.until('their requests', () => page.text('main h1') === 'My requests');
      await page.go('#/requests/new', 'New request');
      expect(description()).toBe('Budget tables');
      expect((page.doc.querySelector('input[name=date]') as HTMLInputElement).value).toBe('2026-12-17');
      expect(page.text('main [role=note]')).toContain('What you had typed and not saved is back.');
      // cleared on asking: the form starts afresh
      page.button('Clear it and start afresh').click();
      await page.until(
        'a fresh form',
        () => page.doc.querySelector('input[name=description]') !== null && !description(),
      );
      expect(page.doc.querySelector('main [role=note]')).toBeNull();
      // saved, it is not kept either
      page.set('input[name=date]', '2026-12-17');
      page.set('input[name=description]', 'Budget tables');
      page.set('select[name=networkTier]', 'internet');
      page.set('select[name=confidentiality]', '1');
      page.button('Save draft').click();
      await page.until('the draft', () => /#\/requests\/[0-9a-f-]{36}$/.test(page.w.location.hash));
      await page.go('#/requests/new', 'New request');
      expect(description()).toBe('');

      // each form keeps its own: an edit of a draft opened meanwhile leaves the new one's alone
      page.set('input[name=description]', 'Minutes');
      page.w.location.hash = `#/requests/${draft}/edit`;
      await page.until('the edit form', () => page.text('main h1').startsWith('Edit'));
      page.set('input[name=description]', 'Minutes, revised');
      page.w.location.hash = '#/requests/new';
      await page.until('the new form', () => page.text('main h1') === 'New request');
      expect(description()).toBe('Minutes');
      // the draft changed elsewhere meanwhile: what was typed in its edit is dropped, saying so, not saved over it
      await t.http
        .patch(`/api/v1/requests/${draft}`)
        .set(await as(t, members[0]!))
        .send({ reason: 'changed in another tab' })
        .expect(200);
      page.w.location.hash = `#/requests/${draft}/edit`;
      await page.until('the edit form', () => page.text('main h1').startsWith('Edit'));
      expect(page.text('main [role=note]')).toContain('was changed elsewhere meanwhile');
      expect(description()).toBe('Budget tables');

      // what one typed is not the next person's: logged out, it goes
      page.w.location.hash = '#/requests/new';
      await page.until('the new form', () => page.text('main h1') === 'New request');
      page.set('input[name=description]', 'Personnel matters');
      page.button('Log out').click();
      await page.until('the picker', () => page.doc.querySelectorAll('.pick button').length > 0);
      const search = page.doc.querySelector('main input[type=search]') as HTMLInputElement;
      search.value = members[1]!;
      search.dispatchEvent(new page.w.Event('input'));
      await page.until('one match', () => page.doc.querySelectorAll('.pick button').length === 1);
      (page.doc.querySelector('.pick button') as HTMLButtonElement).click();
      await page.until('their requests', () => page.text('main h1') === 'My requests');
      await page.go('#/requests/new', 'New request');
      expect(description()).toBe('');
      expect(page.doc.querySelector('main [role=note]')).toBeNull();
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('lets the applicant say why they withdraw a request awaiting decision, kept on its timeline', async () => {
    const { members } = await teamOf(t, 1, 24);
    const id = await submitted(t, members[0]!, { date: '2026-12-11' });
    const page = await tab(members[0]!, `#/requests/${id}`);
    try {
      await page.until('the request', () => page.text('main h1').includes('awaiting decision'));
      page.set('main input[aria-label="Why (optional; kept on the timeline)"]', 'The meeting moved to that day');
      page.button('Withdraw').click();
      await page.until('the withdrawn request', () => page.text('main h1').includes('withdrawn'));
      expect(page.text('ol.timeline')).toContain('The meeting moved to that day');
      page.clean();
    } finally {
      await page.close();
    }
    const [row] = await t.db.query<{ comment: string }>(
      `SELECT payload->>'comment' AS comment FROM workflow_events WHERE instance_id = $1 AND type = 'request.withdraw'`,
      [id],
    );
    expect(row!.comment).toBe('The meeting moved to that day');
  });

  it('shows the applicant that a deputy approved in the approver’s place (代決), naming both', async () => {
    const { approver: supervisor, deputy, members } = await unitOf(t, 'CITZ-02');
    const member = members[0]!;
    await awayWithDeputy(t, supervisor, deputy, '2026-11-26', '2026-11-27');
    const requestId = await submitted(t, member, { date: '2026-12-11' });
    const [task] = await inboxOf(t, deputy);
    expect(task).toMatchObject({ requestId, onBehalfOf: { id: supervisor } });
    await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, deputy))
      .send({ decisions: [{ taskId: task!.taskId, action: 'approve' }] })
      .expect(200);
    const names = new Map(
      (
        (await t.db.query(`SELECT id, name_ja FROM staff WHERE id = ANY($1)`, [[supervisor, deputy]])) as {
          id: string;
          name_ja: string;
        }[]
      ).map((s) => [s.id, s.name_ja]),
    );
    const page = await tab(member, `#/requests/${requestId}`, 'ja');
    try {
      await page.until('the approval', () => page.text('main h1').includes('承認'));
      const decided = [...page.doc.querySelectorAll('ol.timeline li')].at(-1)!.textContent!;
      expect(decided).toContain(`${names.get(deputy)}（${names.get(supervisor)} の代決）`);
      // the route card says why the step moved in the page's language, naming people, not ids
      const moved = [...page.doc.querySelectorAll('main section.card li')]
        .map((li) => li.textContent!)
        .find((x) => x.includes('担当替え'))!;
      expect(moved).toContain(`休暇（2026-11-26`);
      expect(moved).toContain(`${names.get(deputy)} が代決`);
      expect(moved).not.toContain(' / ');
      expect(moved).not.toMatch(/on leave|S\d{4}/);
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('offers no reroute form on a box with nothing a reroute would move', async () => {
    const unit = await unitOf(t, 'URBN-02');
    const someone = unit.members.at(-1)!; // holds no item: not an approver
    const page = await tab(ADMIN, `#/backlog/${someone}`);
    try {
      await page.until('the reroute card', () => page.text('main').includes('Reroute (admins and superiors)'));
      expect(page.text('main')).toContain('Nothing here to reroute');
      expect(page.doc.querySelector('main input[name=reason]')).toBeNull();
      page.clean();
    } finally {
      await page.close();
    }
  });

  it('asks before a reroute, saying how many items go to whom', async () => {
    const unit = await unitOf(t, 'URBN-02');
    const id = await submitted(t, unit.members[0]!, { date: '2026-12-22' });
    const page = await tab(ADMIN, `#/backlog/${unit.approver}`);
    try {
      await page.until('the item', () => page.rowOf(id) !== undefined);
      // the form is above the list it moves whole (a long box put it far down)
      const form = page.doc.querySelector('main input[name=reason]')!;
      expect(form.compareDocumentPosition(page.rowOf(id)!) & page.w.Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      page.set('main input[name=toStaffId]', unit.deputy);
      page.set('main input[name=reason]', 'On a trip');
      const asked: string[] = [];
      page.w.confirm = (q?: string) => (asked.push(String(q)), false); // said no: nothing moves
      // the directory says whose id it is (asked as it is typed): the question names them, not only the id
      page.doc.querySelector('main input[name=toStaffId]')!.dispatchEvent(new page.w.Event('input'));
      await page.until('whose id', () => page.text('main .whose') !== '');
      const name = page.text('main .whose').split(' · ')[0]!;
      page.button('Reroute').click();
      expect(asked).toEqual([expect.stringMatching(new RegExp(`\\nPending: 1 → ${name} \\(${unit.deputy}\\)$`))]);
      page.set('main input[name=toStaffId]', '');
      await page.until('the button free again', () => !page.button('Reroute').disabled);
      page.button('Reroute').click();
      expect(asked[1]).toMatch(/\nPending: 1 → the first present deputy$/);
      page.clean();
    } finally {
      await page.close();
    }
    expect(await taskOf(t, unit.approver, id)).toEqual(expect.any(String)); // still the approver's
  });

  it('leaves out of a bulk reject or return what cannot take it (代決, 後閲), saying so before sending', async () => {
    const unit = await unitOf(t, 'WELF-02');
    const [m0, m1, m2] = unit.members as [string, string, string];
    const [r1, r2] = [await submitted(t, m0, { date: '2026-12-21' }), await submitted(t, m1, { date: '2026-12-21' })];
    await rerouteBox(t, unit.approver, unit.deputy);
    const pending = async (id: string) =>
      (
        await t.db.query<{ kind: string; assignee_id: string }>(
          `SELECT kind, assignee_id FROM approval_tasks WHERE request_id = $1 AND status = 'pending' ORDER BY kind`,
          [id],
        )
      ).map((x) => `${x.kind}:${x.assignee_id}`);
    /** Ticks the rows of these requests and writes the comment; what the page asks is kept. */
    const pick = async (page: Awaited<ReturnType<typeof tab>>, ids: string[], comment: string) => {
      const asked: string[] = [];
      page.w.confirm = (q?: string) => (asked.push(String(q)), true);
      await page.until('the rows', () => ids.every((id) => page.rowOf(id) !== undefined));
      for (const id of ids) (page.rowOf(id)!.querySelector('input[type=checkbox]') as HTMLInputElement).checked = true;
      (page.doc.querySelector('main textarea') as HTMLTextAreaElement).value = comment;
      return asked;
    };
    // the deputy holds both in the 課長's place: a deputy may not reject, so nothing is sent
    const deputy = await tab(unit.deputy, '#/inbox', 'ja');
    try {
      const asked = await pick(deputy, [r1, r2], '不可 / no');
      deputy.button('選択を却下').click();
      await deputy.until('the word why', () =>
        deputy.text('#toast').includes('代決の案件と後閲・供覧は却下できません'),
      );
      expect(asked).toEqual([]);
      expect(await pending(r1)).toEqual([`approval:${unit.deputy}`]);
      expect(await pending(r2)).toEqual([`approval:${unit.deputy}`]);
      deputy.clean();
    } finally {
      await deputy.close();
    }
    // approved in the 課長's place, r1 owes a 後閲; a new request reaches the 課長 as usual
    const [task] = (await inboxOf(t, unit.deputy)).filter((x: { requestId: string }) => x.requestId === r1);
    await t.http
      .post('/api/v1/inbox/decisions')
      .set(await as(t, unit.deputy))
      .send({ decisions: [{ taskId: task!.taskId, action: 'approve' }] })
      .expect(200);
    const r3 = await submitted(t, m2, { date: '2026-12-21' });
    const boss = await tab(unit.approver, '#/inbox');
    try {
      const asked = await pick(boss, [r1, r3], 'Please add the tasks'); // the 後閲 and the new one
      boss.button('Return selected').click();
      await boss.until('the return', () => boss.rowOf(r3)!.classList.contains('done'));
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain('A 後閲 or 供覧 item cannot be returned');
      expect(asked[0]).toContain('Left out of the selection: 1');
      expect(boss.rowOf(r1)!.classList.contains('done')).toBe(false);
      expect(await pending(r1)).toEqual([`kouetsu:${unit.approver}`]);
      const [returned] = await t.db.query<{ status: string }>(`SELECT status FROM remote_work_requests WHERE id = $1`, [
        r3,
      ]);
      expect(returned!.status).toBe('returned');
      boss.clean();
    } finally {
      await boss.close();
    }
  });

  it('shows a supervisor what each flagged rule said, in the page language, not rule ids', async () => {
    const users: { id: string; employmentType: string; supervisorId: string | null; department: { id: string } }[] = (
      await t.http.get('/api/v1/auth/demo-users').expect(200)
    ).body;
    const fixedTerm = users.find((u) => u.employmentType === 'fixed_term' && u.department.id === 'PLAN')!;
    const requestId = await submitted(t, fixedTerm.id, { date: '2026-12-11' });
    const verdict = (
      await t.http
        .get(`/api/v1/requests/${requestId}`)
        .set(await as(t, fixedTerm.id))
        .expect(200)
    ).body.verdict as { reasons: { ruleId: string; message: { en: string } }[] };
    const said = verdict.reasons.find((r) => r.ruleId === 'fixed-term-exception')!.message.en;
    const boss = await tab(fixedTerm.supervisorId, '#/inbox');
    try {
      const flags = () =>
        [...boss.doc.querySelectorAll('main tbody tr')]
          .find((r) => r.querySelector(`a[href="#/requests/${requestId}"]`))
          ?.querySelectorAll('ul.flags li');
      await boss.until('the flagged request in the inbox', () => (flags()?.length ?? 0) > 0);
      const item = [...flags()!].find((li) => li.getAttribute('title') === 'fixed-term-exception')!;
      expect(item.textContent).toBe(said);
      boss.clean();
    } finally {
      await boss.close();
    }
  });

  it('names each request a simulated draft would change by who and when, with what the rule would say', async () => {
    const { members } = await teamOf(t, 1, 10);
    const id = await submitted(t, members[0]!, { date: '2026-12-22' });
    const [admin] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'admin' = ANY(roles) AND active ORDER BY id LIMIT 1`,
    );
    const p = await tab(admin!.id, '#/policies');
    try {
      await p.until('the policy files', () => p.text('main').includes('telework.yaml'));
      p.button('telework.yaml').click();
      await p.until('its content', () => (p.doc.querySelector('main textarea') as HTMLTextAreaElement | null) !== null);
      // five weeks' notice: every stored request was filed too late under it
      const editor = p.doc.querySelector('main textarea') as HTMLTextAreaElement;
      editor.value = editor.value.replace('workingDays: 1', 'workingDays: 25');
      p.set('main input[name=from]', '2026-12-01');
      p.set('main input[name=to]', '2026-12-31');
      p.button('Simulate').click();
      await p.until('the changed requests', () => p.doc.querySelector(`main a[href="#/requests/${id}"]`) !== null);
      // who and which day, and what the rule would say: not an id and a rule id
      const [{ r }] = (await t.db.query(`SELECT name_romaji AS r FROM staff WHERE id = $1`, [members[0]])) as [
        { r: string },
      ];
      const entry = p.doc.querySelector(`main a[href="#/requests/${id}"]`)!.parentElement!.textContent!;
      expect(entry).toContain(`2026-12-22 ${r}`);
      expect(entry).toMatch(/deny: Telework on 2026-12-22 had to be requested by/);
      expect(entry).not.toContain('advance-notice');
      // the "active policy" column is a judgement made now as well, not the verdict each request got when filed
      expect(p.text('main')).toContain('Both columns judge the stored requests again');
      p.clean();
    } finally {
      await p.close();
    }
  });

  it('offers a deputy the absences page (they register when they are away), not staff who stand in for no one', async () => {
    const { supervisor, members } = await teamOf(t, 2, 18);
    const navOf = async (who: string) => {
      const page = await tab(who, '#/requests');
      try {
        await page.until('the page', () => page.text('main h1') === 'My requests');
        return page.text('#nav');
      } finally {
        await page.close();
      }
    };
    expect(await navOf(members[0]!)).not.toContain('Absences & deputies');
    await t.http
      .post('/api/v1/delegations')
      .set(await as(t, ADMIN))
      .send({ approverId: supervisor, deputyId: members[0] })
      .expect(201);
    expect(await navOf(members[0]!)).toContain('Absences & deputies');
    expect(await navOf(members[1]!)).not.toContain('Absences & deputies');
  });

  it('opens a policy file for an admin and validates it', async () => {
    const [admin] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'admin' = ANY(roles) AND active ORDER BY id LIMIT 1`,
    );
    const p = await tab(admin!.id, '#/policies');
    try {
      await p.until('the policy files', () => p.text('main').includes('telework.yaml'));
      p.button('telework.yaml').click();
      await p.until('its content', () => (p.doc.querySelector('main textarea') as HTMLTextAreaElement | null) !== null);
      expect((p.doc.querySelector('main textarea') as HTMLTextAreaElement).value).toContain('rules:');
      p.button('Validate').click();
      await p.until('the verdict of the check', () => p.text('main').includes('Valid.'));
      p.clean();
      // a broken file: each problem names file:line:column, and a click takes the editor to that line
      const editor = p.doc.querySelector('main textarea') as HTMLTextAreaElement;
      editor.value = editor.value.replace(/^rules:/m, 'rules: 42\nrulez:');
      p.button('Validate').click();
      await p.until('the problems', () => p.doc.querySelectorAll('main ul.error li button').length > 0);
      const jump = p.doc.querySelector('main ul.error li button') as HTMLButtonElement;
      const line = Number(/^telework\.yaml:(\d+):\d+$/.exec(jump.textContent ?? '')![1]);
      jump.click();
      const before =
        editor.value
          .split('\n')
          .slice(0, line - 1)
          .join('\n').length + (line > 1 ? 1 : 0);
      expect(editor.selectionStart).toBe(before);
      expect(editor.value.slice(editor.selectionStart, editor.selectionEnd)).toBe(editor.value.split('\n')[line - 1]);
    } finally {
      await p.close();
    }
  });

  it('keeps an admin’s unsaved policy edit across pages and across another admin’s activation', async () => {
    const [a, b] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'admin' = ANY(roles) AND active ORDER BY id LIMIT 2`,
    );
    const p = await tab(a!.id, '#/policies');
    try {
      const editor = () => p.doc.querySelector('main textarea') as HTMLTextAreaElement;
      await p.until('the policy files', () => p.text('main').includes('calendar.yaml'));
      p.button('calendar.yaml').click();
      await p.until('its content', () => p.doc.querySelector('main textarea') !== null);
      const drafted = `${editor().value}\n# reviewed by the first admin\n`;
      editor().value = drafted;
      editor().dispatchEvent(new p.w.Event('input'));
      const note = () => p.doc.querySelector('main input[name=comment]') as HTMLInputElement;
      note().value = 'A day closed for the election';
      note().dispatchEvent(new p.w.Event('input'));
      // away and back: the file is open again, with the edit and its note in it
      await p.go('#/requests', 'My requests');
      await p.go('#/policies', 'Policies');
      await p.until('the editor again', () => p.doc.querySelector('main textarea') !== null);
      expect(editor().value).toBe(drafted);
      expect(note().value).toBe('A day closed for the election');
      // meanwhile another admin activates a version of the same file
      const [current] = (
        await t.http
          .get('/api/v1/policies/calendar/versions')
          .set(await as(t, b!.id))
          .expect(200)
      ).body;
      await t.http
        .put('/api/v1/policies/calendar')
        .set(await as(t, b!.id))
        .send({ content: `${current.content}\n# the second admin's\n`, expectedVersion: current.version })
        .expect(200);
      // activating the draft is refused, and the editor says why and keeps it, with what the change is
      p.button('Activate').click();
      await p.until('the notice', () => p.text('main [role=alert]').includes('has been activated since'));
      expect(editor().value).toBe(drafted);
      expect((p.doc.querySelector('main input[name=comment]') as HTMLInputElement).value).toBe(
        'A day closed for the election',
      );
      // and the table of active versions shows the one that won
      const calendarRow = [...p.doc.querySelectorAll('main table tr')].find((tr) =>
        tr.textContent!.includes('calendar.yaml'),
      )!;
      expect(calendarRow.querySelectorAll('td')[1]!.textContent).toBe(String(current.version + 1));
      p.button('Keep my draft as an edit of the active version').click();
      await p.until('the notice gone', () => !p.text('main').includes('has been activated since'));
      expect(editor().value).toBe(drafted);
      p.button('Activate').click();
      await p.until('the new version', () => p.text('main ul.small').includes(`v${current.version + 2}`));
      const [active] = (
        await t.http
          .get('/api/v1/policies/calendar/versions')
          .set(await as(t, a!.id))
          .expect(200)
      ).body;
      expect(active).toMatchObject({
        version: current.version + 2,
        content: drafted,
        comment: 'A day closed for the election',
      });
      p.clean();
    } finally {
      await p.close();
    }
  });

  it('narrows the backlog overview to one department, or to the approvers that need a look, and keeps that', async () => {
    const [admin] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'admin' = ANY(roles) AND active ORDER BY id LIMIT 1`,
    );
    const h = await as(t, admin!.id);
    type Line = {
      approverId: string;
      departmentId: string;
      department: { nameEn: string };
      overdue: number;
      forecastOverdue: number;
      absentNow: boolean;
    };
    const overview = async () => (await t.http.get('/api/v1/backlog').set(h).expect(200)).body.items as Line[];
    const all = await overview();
    const departments = [...new Set(all.map((a) => a.departmentId))];
    expect(departments.length).toBeGreaterThan(1);
    // one approver of the last department away today: the one who needs a look there
    const away = all.find((a) => a.departmentId === departments.at(-1) && !a.absentNow)!;
    const absence = (
      await t.http
        .post('/api/v1/absences')
        .set(h)
        .send({ staffId: away.approverId, from: '2026-11-26', to: '2026-11-27', kind: 'leave' })
        .expect(201)
    ).body as { id: string };
    const lines = await overview();
    const p = await tab(admin!.id, '#/backlog');
    try {
      const shown = () =>
        [...p.doc.querySelectorAll('main tbody tr a')].map((a) => /\((S\d+)\)$/.exec(a.textContent!)![1]);
      await p.until('the overview', () => shown().length === lines.length);
      const dept = p.doc.querySelector('main select[name=departmentId]') as HTMLSelectElement;
      // by name, in the page's language
      const nameOf = new Map(lines.map((a) => [a.departmentId, a.department.nameEn]));
      expect([...dept.options].map((o) => o.value)).toEqual([
        '',
        ...departments.sort((a, b) => nameOf.get(a)!.localeCompare(nameOf.get(b)!, 'en')),
      ]);
      p.set('main select[name=departmentId]', away.departmentId);
      const inDept = lines.filter((a) => a.departmentId === away.departmentId).map((a) => a.approverId);
      expect(shown()).toEqual(inDept);
      expect(p.text('main .actions .muted')).toBe(`${inDept.length} / ${lines.length}`);
      const attention = p.doc.querySelector('main input[name=attention]') as HTMLInputElement;
      attention.checked = true;
      attention.dispatchEvent(new p.w.Event('change', { bubbles: true }));
      const needing = lines
        .filter((a) => a.departmentId === away.departmentId && (a.overdue > 0 || a.forecastOverdue > 0 || a.absentNow))
        .map((a) => a.approverId);
      expect(needing).toContain(away.approverId);
      expect(shown()).toEqual(needing);
      // away and back: the same view
      await p.go('#/requests', 'My requests');
      await p.go('#/backlog', 'Approver backlog');
      await p.until('the overview again', () => shown().length > 0);
      expect(shown()).toEqual(needing);
      expect((p.doc.querySelector('main select[name=departmentId]') as HTMLSelectElement).value).toBe(
        away.departmentId,
      );
      p.clean();
    } finally {
      await p.close();
    }
    // on a phone the overview starts with those that need a look (fifty cards, most of them zeros, otherwise)
    const phone = await tab(admin!.id, '#/backlog');
    phone.w.matchMedia = ((q: string) => ({ matches: q === '(max-width: 800px)' })) as typeof phone.w.matchMedia;
    try {
      const shown = () =>
        [...phone.doc.querySelectorAll('main tbody tr a')].map((a) => /\((S\d+)\)$/.exec(a.textContent!)![1]);
      const needing = lines.filter((a) => a.overdue > 0 || a.forecastOverdue > 0 || a.absentNow);
      await phone.until('those that need a look', () => shown().length === needing.length);
      expect(shown()).toContain(away.approverId);
      const attention = phone.doc.querySelector('main input[name=attention]') as HTMLInputElement;
      expect(attention.checked).toBe(true);
      attention.checked = false; // one tap away from everyone
      attention.dispatchEvent(new phone.w.Event('change', { bubbles: true }));
      expect(shown()).toHaveLength(lines.length);
      // a department where nobody needs a look, narrowed so: the page says all is clear, not "none"
      const look = (a: Line) => a.overdue > 0 || a.forecastOverdue > 0 || a.absentNow;
      const calm = departments.find((d) => !lines.some((a) => a.departmentId === d && look(a)))!;
      expect(calm).toBeDefined();
      phone.set('main select[name=departmentId]', calm);
      attention.checked = true;
      attention.dispatchEvent(new phone.w.Event('change', { bubbles: true }));
      expect(shown()).toEqual([]);
      expect(phone.text('main tbody')).toBe(
        'No approver needs a look now (nothing overdue or soon overdue, nobody away today). Untick to see everyone.',
      );
      phone.clean();
    } finally {
      await phone.close();
      // the approver is back, for the tests after this one
      await t.http.delete(`/api/v1/absences/${absence.id}`).set(h).expect(204);
    }
  });

  it('shows an admin the text of an earlier policy version and brings it back as the next version', async () => {
    const [admin] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'admin' = ANY(roles) AND active ORDER BY id LIMIT 1`,
    );
    const h = await as(t, admin!.id);
    const versions = async () =>
      (await t.http.get('/api/v1/policies/calendar/versions').set(h).expect(200)).body as {
        version: number;
        content: string;
        comment: string | null;
      }[];
    const [good] = await versions();
    // two changes after it: the second undoes nothing of the first
    for (const [i, change] of ['# a change to be undone', '# and another'].entries())
      await t.http
        .put('/api/v1/policies/calendar')
        .set(h)
        .send({ content: `${good!.content}\n${change}\n`, expectedVersion: good!.version + i })
        .expect(200);
    const p = await tab(admin!.id, '#/policies');
    try {
      await p.until('the policy files', () => p.text('main').includes('calendar.yaml'));
      p.button('calendar.yaml').click();
      await p.until('the history', () => p.doc.querySelectorAll('main ul.small > li').length > 1);
      const items = [...p.doc.querySelectorAll('main ul.small > li')];
      // the active version is the editor's; each earlier one shows its text on demand
      expect(items[0]!.querySelector('details')).toBeNull();
      const earlier = items.find((li) => li.textContent!.startsWith(`v${good!.version} `))!;
      expect(earlier.querySelector('details pre')!.textContent).toBe(good!.content);
      const loadOf = (li: Element) =>
        [...li.querySelectorAll('button')].find((b) => b.textContent === 'Load into the editor') as HTMLButtonElement;
      const load = loadOf(earlier);
      // an edit of one's own in the editor: asked first, and kept when the admin says no
      const editor = p.doc.querySelector('main textarea') as HTMLTextAreaElement;
      editor.value = `${editor.value}# mine\n`;
      editor.dispatchEvent(new p.w.Event('input'));
      const asked: string[] = [];
      p.w.confirm = (q?: string) => (asked.push(q ?? ''), false);
      load.click();
      expect(asked).toEqual(['The unsaved edit in the editor will be lost. Load this version?']);
      expect(editor.value).toContain('# mine');
      p.w.confirm = () => true;
      load.click();
      expect(editor.value).toBe(good!.content);
      expect((p.doc.querySelector('main input[name=comment]') as HTMLInputElement).value).toBe(
        `v${good!.version} に戻す / Back to v${good!.version}`,
      );
      expect([editor.selectionStart, editor.scrollTop]).toEqual([0, 0]); // read from its first line
      // another version loaded over the one just loaded, and back: nothing of one's own to lose, nothing asked
      p.w.confirm = (q?: string) => (asked.push(q ?? ''), true);
      const between = items.find((li) => li.textContent!.startsWith(`v${good!.version + 1} `))!;
      loadOf(between).click();
      expect(editor.value).toContain('# a change to be undone');
      load.click();
      expect(editor.value).toBe(good!.content);
      expect(asked).toHaveLength(1); // (the one question above)
      expect(p.text('main [role=status]')).toContain('activate it as a new version');
      p.button('Activate').click();
      await p.until('the new version', () => p.text('main ul.small > li').startsWith(`v${good!.version + 3} `));
      p.clean();
    } finally {
      await p.close();
    }
    // history is kept: the undone change stays on record, and the text in force is the earlier one again
    const [now, , undone] = await versions();
    expect(now).toMatchObject({
      version: good!.version + 3,
      content: good!.content,
      comment: `v${good!.version} に戻す / Back to v${good!.version}`,
    });
    expect(undone!.content).toContain('# a change to be undone');
  });

  it('tells an admin what is wrong with a policy file in Japanese, and offers no simulation of routes', async () => {
    const [admin] = await t.db.query<{ id: string }>(
      `SELECT id FROM staff WHERE 'admin' = ANY(roles) AND active ORDER BY id LIMIT 1`,
    );
    const p = await tab(admin!.id, '#/policies', 'ja');
    try {
      await p.until('the policy files', () => p.text('main').includes('telework.yaml'));
      p.button('telework.yaml').click();
      await p.until('its content', () => (p.doc.querySelector('main textarea') as HTMLTextAreaElement | null) !== null);
      const editor = p.doc.querySelector('main textarea') as HTMLTextAreaElement;
      expect(editor.value).toMatch(/maxDays: \d+/);
      editor.value = editor.value.replace(/maxDays: \d+/, 'maxDays: two');
      p.button('検証').click();
      await p.until('the problems', () => p.doc.querySelectorAll('main ul.error li').length > 0);
      expect(p.text('main .error[role=alert]')).toBe('このファイルには次の誤りがあります。');
      const problems = [...p.doc.querySelectorAll('main ul.error li')].map((li) => li.textContent ?? '');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^telework\.yaml:\d+:\d+ rules\[\d+\]\.params\.maxDays — 値は数値にしてください。$/);
      // a simulation re-judges requests under a draft telework or calendar file: routing.yaml offers none
      expect(() => p.button('影響を試算')).not.toThrow();
      p.button('routing.yaml').click();
      await p.until('routing.yaml', () => p.text('main h2').includes('routing.yaml'));
      expect(() => p.button('影響を試算')).toThrow('no button');
    } finally {
      await p.close();
    }
  });
});
