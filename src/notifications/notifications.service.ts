import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { IntervalRunner } from '../common/interval-runner';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';

/** The outbox topics people are told of, and who: the other topics have no one to tell in the app. */
const DECIDED = 'remote-work-request.notifyRequester';
const REMINDER = 'kessai-queue.remindAssignees';

interface OutboxRow {
  id: string;
  topic: string;
  aggregate_id: string | null;
  payload: { state?: string; params?: { staffIds?: string[] } | null; requestId?: string; requesterId?: string };
}

interface Planned {
  outbox_id: string;
  recipient_id: string;
  kind: string;
  request_id: string | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  requestId: string | null;
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
}

/**
 * Delivers the outbox after commit into in-app notifications, and answers each person's list.
 * Any number of processes may deliver at once: each batch claims its rows with FOR UPDATE SKIP
 * LOCKED and marks them delivered in the same transaction as the notifications it writes.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner = new IntervalRunner(new Logger('outbox'), 'outbox delivery');

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
  async deliverDue(batch = 500): Promise<number> {
    let delivered = 0;
    for (;;) {
      const n = await this.db.tx((m) => this.deliverBatch(m, batch));
      delivered += n;
      if (n < batch) return delivered;
    }
  }

  private async deliverBatch(m: EntityManager, batch: number): Promise<number> {
    const now = this.clock.now();
    const rows = (await m.query(
      `SELECT id, topic, aggregate_id, payload FROM outbox
       WHERE delivered_at IS NULL AND available_at <= $1
       ORDER BY available_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batch],
    )) as OutboxRow[];
    if (rows.length === 0) return 0;
    const planned = rows.flatMap(recipientsOf);
    if (planned.length) {
      // the request's dates and people as they are now, for the message; a recipient or request
      // that no longer exists is skipped rather than holding the batch back
      await m.query(
        `INSERT INTO notifications (recipient_id, outbox_id, kind, request_id, details, created_at)
         SELECT v.recipient_id, v.outbox_id, v.kind, r.id,
                jsonb_build_object(
                  'from', r.date_from::text, 'to', r.date_to::text,
                  'requester', jsonb_build_object('ja', q.name_ja, 'en', q.name_romaji),
                  'by', CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('ja', d.name_ja, 'en', d.name_romaji) END),
                $2
         FROM jsonb_to_recordset($1::jsonb) AS v(outbox_id bigint, recipient_id text, kind text, request_id uuid)
         JOIN staff s ON s.id = v.recipient_id
         JOIN remote_work_requests r ON r.id = v.request_id
         JOIN staff q ON q.id = r.requester_id
         LEFT JOIN staff d ON d.id = r.decided_by AND v.kind LIKE 'request.%'
         ON CONFLICT (outbox_id, recipient_id) DO NOTHING`,
        [JSON.stringify(planned), now],
      );
    }
    await m.query(`UPDATE outbox SET delivered_at = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [
      rows.map((r) => r.id),
      now,
    ]);
    return rows.length;
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
      const [count] = (await m.query(
        `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
        [caller.id],
      )) as { n: number }[];
      const page = rows.slice(0, limit);
      return {
        items: page.map(toView),
        unread: Number(count?.n ?? 0),
        ...(rows.length > limit ? { next: page.at(-1)!.id } : {}),
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
      const [count] = (await m.query(
        `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
        [caller.id],
      )) as { n: number }[];
      return { unread: Number(count?.n ?? 0) };
    });
  }
}

/** Who an outbox row tells, and of what. */
function recipientsOf(row: OutboxRow): Planned[] {
  const p = row.payload ?? {};
  if (row.topic === DECIDED && p.requesterId && row.aggregate_id) {
    return [
      { outbox_id: row.id, recipient_id: p.requesterId, kind: `request.${p.state}`, request_id: row.aggregate_id },
    ];
  }
  if (row.topic === REMINDER && p.requestId) {
    return [...new Set(p.params?.staffIds ?? [])].map((staffId) => ({
      outbox_id: row.id,
      recipient_id: staffId,
      kind: 'task.reminder',
      request_id: p.requestId!,
    }));
  }
  return [];
}

function toView(r: NotificationRow): NotificationView {
  return {
    id: String(r.id),
    kind: r.kind,
    requestId: r.request_id,
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
  'request.expired',
  'task.reminder',
] as const;

/** The message of a notification, in Japanese and English. */
export function messageOf(kind: string, d: Details): { ja: string; en: string } {
  const days = d.from === undefined ? '' : d.from === d.to ? d.from : `${d.from}〜${d.to}`;
  const daysEn = d.from === undefined ? '' : d.from === d.to ? d.from : `${d.from} to ${d.to}`;
  const byJa = d.by ? `（${d.by.ja}）` : '';
  const byEn = d.by ? ` by ${d.by.en}` : '';
  switch (kind) {
    case 'request.approved':
      return {
        ja: `${days} のテレワーク申請が承認されました${byJa}。`,
        en: `Your telework request for ${daysEn} was approved${byEn}.`,
      };
    case 'request.rejected':
      return {
        ja: `${days} のテレワーク申請が却下されました${byJa}。`,
        en: `Your telework request for ${daysEn} was rejected${byEn}.`,
      };
    case 'request.returned':
      return {
        ja: `${days} のテレワーク申請が差し戻されました${byJa}。修正して再申請できます。`,
        en: `Your telework request for ${daysEn} was returned for revision${byEn}; edit it and submit it again.`,
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
    default:
      return { ja: `お知らせ（${kind}）`, en: `Notice (${kind})` };
  }
}
