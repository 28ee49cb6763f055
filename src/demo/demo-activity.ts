import { Logger, type INestApplication } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import type { DemoUser } from '../org/org.service';
import { PolicyStore } from '../policy/policy-store.service';

/** What a first start of the demo filed and decided, to show it in use. */
export interface DemoActivity {
  /** The admin and section head whose inbox and backlog show the most: the one to log in as first. */
  lead: string;
  /** Requests submitted (each waits in an inbox, or was decided below). */
  submitted: number;
  /** Requests the policy refused on submission: kept as drafts, as a user's would be. */
  refused: number;
  approved: number;
  returned: number;
  /** Days filed under an approved telework registration and approved on filing (届出). */
  notices: number;
  /** Who is away today (a business trip, the lead their deputy), so that the backlog and the lead's inbox show 代決 at work. */
  away: string | null;
}

/** What the demo staff do in their work (both languages, as in the demo organisation). */
const TASKS = [
  '予算資料の作成 / drafting budget papers',
  '議事録の作成 / writing up minutes',
  '要綱改正案の検討 / reviewing a change to the guidelines',
  '研修資料の準備 / preparing training material',
  '統計データの集計 / compiling statistics',
  '事業計画の作成 / drafting a project plan',
  'ウェブ会議 / web meetings',
];

/**
 * On the first start of the demo (the process that seeded the demo organisation, with
 * TELEFLOW_DEMO_ACTIVITY on), files some days of telework through the running API, as its users
 * would, so that a new user finds inboxes to decide and a backlog to watch: logs what it did and
 * never stops the service (a policy an admin changed may refuse what it files). Null when it does
 * nothing: not the first start, or turned off.
 */
export async function startDemoActivity(app: INestApplication, config: AppConfig): Promise<DemoActivity | null> {
  if (!config.demo || !config.demoActivity || !app.get(Db).startup.demoOrganisationSeeded) return null;
  const log = new Logger('demo');
  try {
    const done = await fileDemoActivity(app, await app.getUrl());
    log.log(
      `demo activity: ${done.submitted} requests submitted (${done.approved} approved, ${done.returned} returned, ` +
        `${done.notices} filed as a notice, ${done.refused} refused by the policy); log in as ${done.lead} to decide the rest` +
        (done.away ? `; ${done.away} is away today` : ''),
    );
    return done;
  } catch (error) {
    log.warn(`demo activity stopped: ${String(error)}`);
    return null;
  }
}

/**
 * Files the demo's activity through the API at `baseUrl`: requests of the lead's staff (an admin
 * who is a section head) and of a few other sections for the next working days, at home, at a
 * satellite office and one elsewhere (a special approval); the lead's superior is away today with the
 * lead as deputy, so that two requests of the lead's peers reach the lead as 代決; the lead approves two
 * of their staff's and returns one.
 */
export async function fileDemoActivity(app: INestApplication, baseUrl: string): Promise<DemoActivity> {
  const base = baseUrl.replace('[::1]', '127.0.0.1');
  const call = async (token: string | null, method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
    return { status: res.status, data };
  };
  const tokens = new Map<string, string>();
  const as = async (staffId: string): Promise<string> => {
    const known = tokens.get(staffId);
    if (known) return known;
    const { status, data } = await call(null, 'POST', '/api/v1/auth/demo-login', { staffId });
    if (status !== 200) throw new Error(`demo login of ${staffId}: HTTP ${status}`);
    tokens.set(staffId, String(data!.token));
    return String(data!.token);
  };

  const users = (await call(null, 'GET', '/api/v1/auth/demo-users')).data as unknown as DemoUser[];
  const lead = users.find((u) => u.roles.includes('admin') && u.roles.includes('supervisor') && u.grade === 'kacho');
  if (!lead) throw new Error('the demo organisation has no admin who is a section head');
  // each supervisor's staff (those who supervise no one themselves), by the supervisor's id
  const staff = new Map<string, DemoUser[]>();
  for (const u of users)
    if (u.supervisorId && !u.roles.includes('supervisor'))
      staff.set(u.supervisorId, [...(staff.get(u.supervisorId) ?? []), u]);
  const staffOf = (head: string) => staff.get(head) ?? [];
  // the satellite office the demo's requests name: the first the organisation has (none: they stay at home)
  const office = (
    (await call(await as(lead.id), 'GET', '/api/v1/satellite-offices')).data as unknown as { id: string }[]
  )[0];

  const calendar = (await app.get(PolicyStore).active()).calendar;
  const today = app.get(Clock).today();
  const day = (n: number) => calendar.addWorkingDays(today, n);
  const done: DemoActivity = {
    lead: lead.id,
    submitted: 0,
    refused: 0,
    approved: 0,
    returned: 0,
    notices: 0,
    away: null,
  };

  /** Files and submits a request of `who` (the i-th of the demo: its place, part and tasks), `over` changed; its status. */
  const file = async (who: string, i: number, over: Record<string, unknown> = {}): Promise<string | null> => {
    const token = await as(who);
    const task = (k: number) => ({
      description: TASKS[(i + k) % TASKS.length],
      networkTier: 'internet',
      confidentiality: 1,
    });
    const place = [
      { location: 'home' },
      { location: 'home' },
      office ? { location: 'satellite', satelliteOfficeId: office.id } : { location: 'home' },
      { location: 'other', locationText: '実家（介護のため） / my parents’ home (caring for them)' },
    ][i % 4];
    const body = {
      date: day(2 + (i % 3)),
      part: i % 5 === 1 ? 'am' : 'full',
      ...place,
      tasks: i % 2 ? [task(0), task(1)] : [task(0)],
      reason: i % 4 === 3 ? '家族の介護 / caring for family' : '集中作業 / focused work',
      ...over,
    };
    const created = await call(token, 'POST', '/api/v1/requests', body);
    if (created.status !== 201) throw new Error(`filing a request of ${who}: HTTP ${created.status}`);
    const submitted = await call(token, 'POST', `/api/v1/requests/${String(created.data!.id)}/submit`);
    if (submitted.status === 422) {
      done.refused++; // the policy said no: a draft, as anyone's would stay
      return null;
    }
    if (submitted.status !== 200) throw new Error(`submitting a request of ${who}: HTTP ${submitted.status}`);
    done.submitted++;
    return String(submitted.data!.status);
  };

  // the lead's superior is on a business trip today, with the lead as their deputy (代決): what reaches
  // the superior today goes to the lead, who decides it on their behalf
  const leadToken = await as(lead.id);
  const superior = users.find((u) => u.id === lead.supervisorId);
  if (superior) {
    const deputy = await call(leadToken, 'POST', '/api/v1/delegations', { approverId: superior.id, deputyId: lead.id });
    const away = await call(leadToken, 'POST', '/api/v1/absences', {
      staffId: superior.id,
      from: today,
      to: today,
      kind: 'trip',
    });
    if (deputy.status === 201 && away.status === 201) done.away = superior.id;
  }

  // the lead's staff; two section heads beside the lead (theirs go to the superior, who is away); then two
  // each of five other section heads across the organisation
  let i = 0;
  for (const u of staffOf(lead.id).slice(0, 10)) await file(u.id, i++);
  if (done.away) {
    const peers = users.filter((u) => u.supervisorId === done.away && u.id !== lead.id && u.grade === 'kacho');
    for (const u of peers.slice(0, 2)) await file(u.id, i++);
  }
  const heads = users.filter((u) => u.grade === 'kacho' && u.id !== lead.id && staffOf(u.id).length >= 2);
  for (const head of heads.filter((_, k) => k % Math.max(1, Math.floor(heads.length / 5)) === 0).slice(0, 5))
    for (const u of staffOf(head.id).slice(0, 2)) await file(u.id, i++);

  // the lead decides some of their own staff's: two approved, one returned for a correction
  const inbox = (await call(leadToken, 'GET', '/api/v1/inbox?sort=oldest')).data as {
    items: { taskId: string; outcome: string; onBehalfOf?: unknown }[];
  };
  const clean = inbox.items.filter((x) => x.outcome === 'allow' && !x.onBehalfOf);
  const decisions = [
    ...clean.slice(0, 2).map((x) => ({ taskId: x.taskId, action: 'approve' })),
    ...clean.slice(2, 3).map((x) => ({
      taskId: x.taskId,
      action: 'return',
      comment: '連絡先を記入してください / please add a phone number we can reach you on',
    })),
  ];
  if (decisions.length) {
    const r = await call(leadToken, 'POST', '/api/v1/inbox/decisions', { decisions });
    for (const x of (r.data?.results ?? []) as { ok: boolean; status?: string }[]) {
      if (x.ok && x.status === 'approved') done.approved++;
      if (x.ok && x.status === 'returned') done.returned++;
    }
  }

  // one of the lead's staff registers to telework from home over the weeks ahead (テレワーク登録), the lead
  // approves it, and a day they then file within it is approved on filing, as a notice (届出)
  const registrant = staffOf(lead.id)[0];
  if (registrant) {
    const reg = await call(await as(registrant.id), 'POST', '/api/v1/registrations', {
      from: today,
      to: day(20),
      locations: ['home'],
      note: '育児のため / childcare',
    });
    const approved =
      reg.status === 201 &&
      (await call(leadToken, 'POST', `/api/v1/registrations/${String(reg.data!.id)}/decision`, { action: 'approve' }))
        .status === 200;
    if (approved && (await file(registrant.id, 0, { date: day(5), location: 'home', part: 'full' })) === 'approved')
      done.notices++;
  }
  return done;
}
