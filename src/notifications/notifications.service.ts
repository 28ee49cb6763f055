import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { IntervalRunner } from '../common/interval-runner';
import { AppConfig } from '../config/app-config';
import { isUuid } from '../common/ids';
import { allOrEach } from '../database/all-or-each';
import { Db } from '../database/db.service';
import { APPROVAL_CANCELLED, NOTICE_FILED, REGISTRATION_CHANGED, TASK_ARRIVED, WORK_REPORTED } from './topics';

/** The outbox topics people are told of, and who: the other topics have no one to tell in the app. */
const DECIDED = 'remote-work-request.notifyRequester';
const REMINDER = 'kessai-queue.remindAssignees';

interface OutboxRow {
  id: string;
  topic: string;
  aggregate_id: string | null;
  payload: unknown;
  created_at: Date;
}

interface Planned {
  outbox_id: string;
  recipient_id: string;
  kind: string;
  /** What it is about: a request, or a telework registration (registration.*). */
  request_id?: string;
  registration_id?: string;
  /** When the change happened (the outbox row's time), not when it was delivered. */
  at: string;
  /** 代決: the approver a deputy's task stands in for. */
  on_behalf_of?: string;
  /** Who acted, when the notice names someone other than the request's decider (a revocation). */
  by_id?: string;
  /** Why, when the notice says it (a revocation's reason). */
  comment?: string;
  /** Why a 後閲 is owed (daiketsu, skippedAbsent, pulledForward, escalated). */
  reason?: string;
  /** The planned start a reported start of telework came before (HH:MM). */
  early_before?: string;
  /** The planned end a reported end of telework came after (HH:MM). */
  overtime_after?: string;
  /** The last day an approval still covers after a revocation took back the days after it. */
  kept_until?: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  requestId: string | null;
  /** The telework registration a registration.* notice is about. */
  registrationId: string | null;
  message: { ja: string; en: string };
  createdAt: string;
  readAt: string | null;
}

interface NotificationRow {
  id: string;
  kind: string;
  request_id: string | null;
  details: Details;
  created_at: Date;
  read_at: Date | null;
}

/** What a notification's message needs, read when it is delivered. */
interface Details {
  from?: string;
  to?: string;
  requester?: { ja: string; en: string };
  by?: { ja: string; en: string } | null;
  /** 代決: the approver `by` approved for, or a deputy's task stands in for. */
  onBehalfOf?: { ja: string; en: string } | null;
  /** Why (a revocation's reason). */
  comment?: string | null;
  /** Why a 後閲 is owed. */
  reason?: string | null;
  /** A start of telework reported before the day's planned start (HH:MM): work outside the window. */
  earlyBefore?: string | null;
  /** An end of telework reported after the day's planned end (HH:MM): no overtime on telework days. */
  overtimeAfter?: string | null;
  /** The telework registration a registration.* notice is about. */
  registrationId?: string | null;
  /** An approval revoked after this day: the days to it (from–to) stay approved. */
  keptUntil?: string | null;
}

/**
 * Delivers the outbox after commit into in-app notifications, and answers each person's list.
 * Any number of processes may deliver at once: each batch claims its rows with FOR UPDATE SKIP
 * LOCKED and marks them delivered in the same transaction as the notifications it writes.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private readonly runner = new IntervalRunner(this.logger, 'outbox delivery');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start(this.config.outboxIntervalMs, () => this.deliverDue());
  }

  onApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }

  /** Delivers every outbox row due by now, in batches; returns how many rows were delivered. */
  deliverDue(batch = 500): Promise<number> {
    return this.db.drain(batch, (m, n) => this.deliverBatch(m, n));
  }

  /**
   * Claims a batch and delivers it with one statement. When that fails (a row the relay cannot
   * deliver), the batch is delivered row by row instead, each under a savepoint: the rows that
   * fail keep their error and wait 2^attempts seconds (at most ~an hour) before the next try, the
   * others are delivered; one bad row never holds the outbox back (allOrEach). Returns how many rows it
   * claimed.
   */
  private async deliverBatch(m: EntityManager, batch: number): Promise<number> {
    const now = this.clock.now();
    const rows = (await m.query(
      `SELECT id, topic, aggregate_id, payload, created_at FROM outbox
       WHERE delivered_at IS NULL AND available_at <= $1
       ORDER BY available_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batch],
    )) as OutboxRow[];
    if (rows.length === 0) return 0;
    await allOrEach(
      m,
      rows,
      (some) => this.deliverRows(m, some, now),
      async (row, error) => {
        this.logger.warn(`outbox row ${row.id} (${row.topic}) not delivered: ${error}`);
        await m.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
             available_at = $3::timestamptz + make_interval(secs => power(2, least(attempts + 1, 12))::int)
           WHERE id = $1`,
          [row.id, error.slice(0, 2000), now],
        );
      },
    );
    return rows.length;
  }

  /**
   * Writes the rows' notifications and marks the rows delivered. The message reads the request's
   * dates and people as they are at delivery (a few seconds after the change). A reminder goes
   * only to those who still hold a pending task of the request; a recipient or request that no
   * longer exists is skipped. Within a batch ids follow the outbox order; across batches (several
   * relays, a row retried after a failure) they follow delivery, so "newest first" is newest
   * delivered first and a page read never has a newer notice slip in behind it.
   */
  private async deliverRows(m: EntityManager, rows: OutboxRow[], now: Date): Promise<void> {
    const planned = rows.flatMap(recipientsOf);
    if (planned.length) {
      await m.query(
        `INSERT INTO notifications (recipient_id, outbox_id, kind, request_id, details, created_at)
         SELECT v.recipient_id, v.outbox_id, v.kind, r.id,
                jsonb_build_object(
                  'from', COALESCE(r.date_from, g.date_from)::text, 'to', COALESCE(r.date_to, g.date_to)::text,
                  'requester', jsonb_build_object('ja', q.name_ja, 'en', q.name_romaji),
                  'by', CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('ja', d.name_ja, 'en', d.name_romaji) END,
                  'onBehalfOf', CASE WHEN b.id IS NULL THEN NULL ELSE jsonb_build_object('ja', b.name_ja, 'en', b.name_romaji) END,
                  'comment', v.comment, 'reason', v.reason, 'earlyBefore', v.early_before,
                  'overtimeAfter', v.overtime_after, 'registrationId', g.id,
                  'keptUntil', v.kept_until),
                v.at
         FROM jsonb_to_recordset($1::jsonb)
           AS v(outbox_id bigint, recipient_id text, kind text, request_id uuid, registration_id uuid, at timestamptz,
                on_behalf_of text, by_id text, comment text, reason text, early_before text, overtime_after text,
                kept_until text)
         JOIN staff s ON s.id = v.recipient_id
         -- about a request or about a registration (its holder stands where a request's requester does)
         LEFT JOIN remote_work_requests r ON r.id = v.request_id
         LEFT JOIN telework_registrations g ON g.id = v.registration_id
         JOIN staff q ON q.id = COALESCE(r.requester_id, g.staff_id)
         LEFT JOIN staff d ON d.id = COALESCE(v.by_id, r.decided_by)
           AND (v.kind LIKE 'request.%' OR v.kind LIKE 'registration.%' OR (v.kind = 'task.kouetsu' AND v.by_id IS NOT NULL))
         LEFT JOIN staff b ON b.id = CASE
           WHEN v.by_id IS NOT NULL THEN NULL -- one who acted in person (a revocation)
           WHEN v.kind LIKE 'request.%' THEN r.decided_on_behalf_of
           ELSE v.on_behalf_of END
         WHERE v.kind <> 'task.reminder' OR EXISTS (
           SELECT 1 FROM approval_tasks t
           WHERE t.request_id = v.request_id AND t.assignee_id = v.recipient_id AND t.status = 'pending')
         ORDER BY v.outbox_id, v.recipient_id
         ON CONFLICT (outbox_id, recipient_id) DO NOTHING`,
        [JSON.stringify(planned)],
      );
    }
    await m.query(`UPDATE outbox SET delivered_at = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [
      rows.map((r) => r.id),
      now,
    ]);
  }

  /** The caller's notifications, newest first, with how many are unread; keyset-paged by id. */
  async list(
    caller: Caller,
    q: { unread?: boolean; limit?: number; cursor?: string },
  ): Promise<{ items: NotificationView[]; unread: number; next?: string }> {
    const limit = q.limit ?? 50;
    return this.db.read(async (m) => {
      const rows = (await m.query(
        `SELECT id, kind, request_id, details, created_at, read_at FROM notifications
         WHERE recipient_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) AND (NOT $3 OR read_at IS NULL)
         ORDER BY id DESC LIMIT $4`,
        [caller.id, q.cursor ?? null, q.unread === true, limit + 1],
      )) as NotificationRow[];
      const page = rows.slice(0, limit);
      return {
        items: page.map(toView),
        unread: await unreadOf(m, caller.id),
        ...(rows.length > limit ? { next: String(page.at(-1)!.id) } : {}),
      };
    });
  }

  /** Marks the caller's notifications read: those listed, or all. Others' ids are ignored. */
  async markRead(caller: Caller, ids: string[] | undefined): Promise<{ unread: number }> {
    return this.db.tx(async (m) => {
      await m.query(
        `UPDATE notifications SET read_at = $3
         WHERE recipient_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))`,
        [caller.id, ids ?? null, this.clock.now()],
      );
      return { unread: await unreadOf(m, caller.id) };
    });
  }
}

async function unreadOf(m: EntityManager, staffId: string): Promise<number> {
  const [count] = (await m.query(
    `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
    [staffId],
  )) as { n: number }[];
  return Number(count?.n ?? 0);
}

/**
 * Notices written by hand rather than by a machine's effect (see topics.ts): to the payload's
 * `staffId`, of kind `<prefix>.<payload.kind>`, about the row's request, with these optional text
 * fields of the payload carried as they are named in Planned.
 */
const HAND_WRITTEN: Readonly<
  Record<string, { prefix: string; about?: 'registration_id'; fields: Record<string, keyof Planned> }>
> = {
  [TASK_ARRIVED]: { prefix: 'task', fields: { onBehalfOf: 'on_behalf_of', reason: 'reason', byId: 'by_id' } },
  [WORK_REPORTED]: {
    prefix: 'work',
    fields: { note: 'comment', earlyBefore: 'early_before', overtimeAfter: 'overtime_after' },
  },
  [NOTICE_FILED]: { prefix: 'notice', fields: {} },
  [APPROVAL_CANCELLED]: { prefix: 'approval', fields: { keptUntil: 'kept_until', comment: 'comment' } },
  [REGISTRATION_CHANGED]: {
    prefix: 'registration',
    about: 'registration_id',
    fields: { byId: 'by_id', comment: 'comment' },
  },
};

/** Who an outbox row tells, and of what; throws for a row of these topics that says it badly. */
function recipientsOf(row: OutboxRow): Planned[] {
  const hand = HAND_WRITTEN[row.topic];
  if (!hand && row.topic !== DECIDED && row.topic !== REMINDER) return [];
  const p = (row.payload ?? {}) as Record<string, unknown>;
  const at = new Date(row.created_at).toISOString();
  if (hand) {
    const kind = `${hand.prefix}.${String(p.kind)}`;
    const about = hand.about ?? 'request_id';
    if (!isUuid(row.aggregate_id ?? '') || typeof p.staffId !== 'string' || !isKind(kind))
      throw new Error(`a ${hand.prefix} notice needs a ${about}, whom to tell and a known kind`);
    const planned: Planned = { outbox_id: row.id, recipient_id: p.staffId, kind, [about]: row.aggregate_id!, at };
    for (const [from, to] of Object.entries(hand.fields))
      if (typeof p[from] === 'string') Object.assign(planned, { [to]: p[from] });
    return [planned];
  }
  if (row.topic === DECIDED) {
    const params = (p.params ?? {}) as { by?: unknown; comment?: unknown; keptUntil?: unknown };
    // revoked after a day, a request stays approved for the days to it: the notice is of the revocation
    const kept = typeof params.keptUntil === 'string' ? params.keptUntil : undefined;
    const kind = kept ? 'request.revoked' : `request.${String(p.state)}`;
    if (!isUuid(row.aggregate_id ?? '') || typeof p.requesterId !== 'string' || !isKind(kind))
      throw new Error('a decision notice needs a request id, its requester and a decided state');
    // a revocation names who revoked it and why (the row keeps who approved it)
    const said = {
      ...(typeof params.by === 'string' ? { by_id: params.by } : {}),
      ...(typeof params.comment === 'string' ? { comment: params.comment } : {}),
      ...(kept ? { kept_until: kept } : {}),
    };
    return [{ outbox_id: row.id, recipient_id: p.requesterId, kind, request_id: row.aggregate_id!, at, ...said }];
  }
  const staffIds = (p.params as { staffIds?: unknown } | null | undefined)?.staffIds;
  if (typeof p.requestId !== 'string' || !isUuid(p.requestId) || !Array.isArray(staffIds) || !staffIds.every(isText))
    throw new Error('a reminder needs a request id and the staff ids to remind');
  const requestId = p.requestId;
  return [...new Set(staffIds)].map((staffId) => ({
    outbox_id: row.id,
    recipient_id: staffId,
    kind: 'task.reminder',
    request_id: requestId,
    at,
  }));
}

const isText = (x: unknown): x is string => typeof x === 'string';
const isKind = (k: string): boolean => (NOTIFICATION_KINDS as readonly string[]).includes(k);

function toView(r: NotificationRow): NotificationView {
  return {
    id: String(r.id),
    kind: r.kind,
    requestId: r.request_id,
    registrationId: r.details?.registrationId ?? null,
    message: messageOf(r.kind, r.details ?? {}),
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

/** The kinds of notification, as NotificationsController documents them. */
export const NOTIFICATION_KINDS = [
  'request.approved',
  'request.rejected',
  'request.returned',
  'request.revoked',
  'request.expired',
  'task.reminder',
  'task.daiketsu',
  'task.kouetsu',
  'task.escalated',
  'work.started',
  'work.ended',
  'notice.filed',
  'approval.cancelled',
  'registration.submitted',
  'registration.approved',
  'registration.rejected',
  'registration.revoked',
  'registration.revokedApproval',
  'registration.withdrawn',
] as const;

/** Why a 後閲 is owed, by its reason (KouetsuReason). */
const KOUETSU_WHY: Record<string, { ja: string; en: string }> = {
  daiketsu: { ja: '不在中に代決されました', en: 'a deputy decided it in your place while you were away' },
  skippedAbsent: {
    ja: '不在中にあなたの決裁を省略して先へ進みました',
    en: 'your step was skipped while you were away',
  },
  pulledForward: { ja: '上位の決裁者が引上げて決裁しました', en: 'a higher approver pulled it forward past you' },
  escalated: {
    ja: '期限を過ぎたため上位の決裁者に回されました',
    en: 'it passed its deadline and went to a higher approver',
  },
};

/** The message of a notification, in Japanese and English. */
export function messageOf(kind: string, d: Details): { ja: string; en: string } {
  const days = d.from === undefined ? '' : d.from === d.to ? d.from : `${d.from}〜${d.to}`;
  const daysEn = d.from === undefined ? '' : d.from === d.to ? d.from : `${d.from} to ${d.to}`;
  // 代決: the deputy decided in the approver's place, and the applicant is told so
  const byJa = d.by ? (d.onBehalfOf ? `（${d.onBehalfOf.ja} に代わり ${d.by.ja} が代決）` : `（${d.by.ja}）`) : '';
  const byEn = d.by ? ` by ${d.by.en}${d.onBehalfOf ? ` on behalf of ${d.onBehalfOf.en}` : ''}` : '';
  // the reason given with it (a decision's, a revocation's, a cancellation's comment), ending the message
  const whyJa = d.comment ? `理由: ${d.comment}` : '';
  const whyEn = d.comment ? ` Reason: ${d.comment}` : '';
  switch (kind) {
    case 'request.approved':
      return {
        ja: `${days} のテレワーク申請が承認されました${byJa}。`,
        en: `Your telework request for ${daysEn} was approved${byEn}.`,
      };
    case 'request.rejected':
      return {
        ja: `${days} のテレワーク申請が却下されました${byJa}。${whyJa}`,
        en: `Your telework request for ${daysEn} was rejected${byEn}.${whyEn}`,
      };
    case 'request.returned':
      return {
        ja: `${days} のテレワーク申請が差し戻されました${byJa}。修正して再申請できます。${whyJa}`,
        en: `Your telework request for ${daysEn} was returned for revision${byEn}; edit it and submit it again.${whyEn}`,
      };
    case 'request.revoked':
      // revoked once begun: the request now ends on the last day worked, and the days to it stay approved
      if (d.keptUntil)
        return {
          ja: `${d.keptUntil} より後のテレワークの承認が取り消されました${byJa}。${days} は承認済みのままです。${whyJa}`,
          en: `The approval of your telework after ${d.keptUntil} was revoked${byEn}; ${daysEn} stays approved.${whyEn}`,
        };
      return {
        ja: `${days} のテレワーク申請の承認が取り消されました${byJa}。${whyJa}`,
        en: `The approval of your telework request for ${daysEn} was revoked${byEn}.${whyEn}`,
      };
    case 'request.expired':
      return {
        ja: `${days} のテレワーク申請は決裁されないまま期日を過ぎました。`,
        en: `Your telework request for ${daysEn} passed its last day without a decision.`,
      };
    case 'task.reminder':
      return {
        ja: `${d.requester?.ja ?? ''} さんの ${days} の申請が決裁を待っています。`,
        en: `${d.requester?.en ?? ''}'s request for ${daysEn} is waiting for your decision.`,
      };
    case 'task.daiketsu':
      return {
        ja: `${d.requester?.ja ?? ''} さんの ${days} の申請が、${d.onBehalfOf?.ja ?? ''} さんに代わる決裁（代決）として届きました。`,
        en: `${d.requester?.en ?? ''}'s request for ${daysEn} came to you to decide on behalf of ${d.onBehalfOf?.en ?? ''} (代決).`,
      };
    case 'task.kouetsu': {
      // why the review is owed: the step was decided or passed without this approver
      const why = KOUETSU_WHY[d.reason ?? ''] ?? KOUETSU_WHY.daiketsu!;
      // who decided in the approver's stead, when the route says (the deputy, the one above)
      const byJa = d.by ? `（決裁: ${d.by.ja}）` : '';
      const byEn = d.by ? ` (decided by ${d.by.en})` : '';
      return {
        ja: `${d.requester?.ja ?? ''} さんの ${days} の申請は、${why.ja}${byJa}。後閲（事後の確認）をお願いします。`,
        en: `${d.requester?.en ?? ''}'s request for ${daysEn}: ${why.en}${byEn}; please review it (後閲).`,
      };
    }
    case 'task.escalated':
      return {
        ja: `${d.requester?.ja ?? ''} さんの ${days} の申請が、期限までに決裁されなかったため、あなたに回ってきました。期限を過ぎています。`,
        en: `${d.requester?.en ?? ''}'s request for ${daysEn} was not decided by its deadline and came up to you; it is overdue.`,
      };
    case 'work.started':
    case 'work.ended': {
      const started = kind === 'work.started';
      const noteJa = d.comment ? `メモ: ${d.comment}` : '';
      const noteEn = d.comment ? ` Note: ${d.comment}` : '';
      const lateJa = d.overtimeAfter
        ? `予定の終了（${d.overtimeAfter}）を過ぎています。`
        : d.earlyBefore
          ? `予定の開始（${d.earlyBefore}）より前に始めています。`
          : '';
      const lateEn = d.overtimeAfter
        ? `, after its planned end of ${d.overtimeAfter}`
        : d.earlyBefore
          ? `, before its planned start of ${d.earlyBefore}`
          : '';
      return {
        ja: `${d.requester?.ja ?? ''} さんがテレワークの${started ? '始業' : '終業'}を報告しました。${lateJa}${noteJa}`,
        en: `${d.requester?.en ?? ''} reported the ${started ? 'start' : 'end'} of their telework${lateEn}.${noteEn}`,
      };
    }
    case 'notice.filed':
      return {
        ja: `${d.requester?.ja ?? ''} さんが ${days} のテレワークを届け出ました（登録に基づき承認済み）。`,
        en: `${d.requester?.en ?? ''} filed telework for ${daysEn} under their approved registration; it is approved as a notice.`,
      };
    case 'approval.cancelled':
      // cancelled once begun: the request now ends on the last day worked, and the days to it stay
      if (d.keptUntil)
        return {
          ja: `${d.requester?.ja ?? ''} さんが、承認済みのテレワークのうち ${d.keptUntil} より後の日を取り消しました。${days} は実施済みです。${whyJa}`,
          en: `${d.requester?.en ?? ''} cancelled their approved telework after ${d.keptUntil}; ${daysEn} stays (worked).${whyEn}`,
        };
      return {
        ja: `${d.requester?.ja ?? ''} さんが、承認済みの ${days} のテレワークを取り消しました。${whyJa}`,
        en: `${d.requester?.en ?? ''} cancelled their approved telework for ${daysEn}.${whyEn}`,
      };
    case 'registration.submitted':
      return {
        ja: `${d.requester?.ja ?? ''} さんから ${days} のテレワーク登録の申請が届きました。部下の申請のページで承認・却下できます。`,
        en: `${d.requester?.en ?? ''} asked to register for telework for ${daysEn}; approve or reject it on the Team requests page.`,
      };
    case 'registration.approved':
      return {
        ja: `${days} のテレワーク登録が承認されました${byJa}。期間内の日は、どの規則にも当たらなければ届出として申請時に承認されます。`,
        en: `Your telework registration for ${daysEn} was approved${byEn}; a day within it that no rule flags is approved on filing, as a notice.`,
      };
    case 'registration.rejected':
      return {
        ja: `${days} のテレワーク登録が却下されました${byJa}。${whyJa}`,
        en: `Your telework registration for ${daysEn} was rejected${byEn}.${whyEn}`,
      };
    case 'registration.revoked':
      return {
        ja: `${days} のテレワーク登録が取り消されました${byJa}。今後の日は通常の申請として決裁を受けます。${whyJa}`,
        en: `Your telework registration for ${daysEn} was revoked${byEn}; later days go the approval route again.${whyEn}`,
      };
    case 'registration.revokedApproval':
      return {
        ja: `あなたが承認した ${d.requester?.ja ?? ''} さんの ${days} のテレワーク登録が取り消されました${byJa}。${whyJa}`,
        en: `The telework registration of ${d.requester?.en ?? ''} for ${daysEn} that you approved was revoked${byEn}.${whyEn}`,
      };
    case 'registration.withdrawn':
      return {
        ja: `${d.requester?.ja ?? ''} さんが ${days} のテレワーク登録を取り下げました。`,
        en: `${d.requester?.en ?? ''} withdrew their telework registration for ${daysEn}.`,
      };
    default:
      return { ja: `お知らせ（${kind}）`, en: `Notice (${kind})` };
  }
}
