import type { EntityManager } from 'typeorm';
import type { Message } from '../common/domain-error';
import { canonical, eventHash, isRecomputable, type HashedEvent } from './event-hash';

/** A machine instance whose event log is to be checked, as its store holds it. */
export interface AuditedInstance {
  id: string;
  machine: string;
  version: number;
  /** The hash of its last entry (seq = version), where the runtime goes on with the chain. */
  headHash: string | null;
}

export type ChainProblemCode =
  | 'MISSING_ENTRY'
  | 'EXTRA_ENTRY'
  | 'UNLINKED'
  | 'HASH_MISMATCH'
  | 'OLD_FORMAT_AFTER_NEW'
  | 'HEAD_MISMATCH'
  | 'MISSING_INSTANCE';

export interface ChainProblem {
  /** The entry concerned; for HEAD_MISMATCH the instance's version. */
  seq: number;
  code: ChainProblemCode;
  message: Message;
}

export interface ChainReport {
  id: string;
  machine: string;
  version: number;
  /** Entries in the log. */
  entries: number;
  /** Entries whose hash was computed again from the stored row and matched. */
  recomputed: number;
  /** Entries written before hashes could be computed again (event-hash.ts): only their links are checked. */
  linkedOnly: number;
  intact: boolean;
  problems: ChainProblem[];
}

const MESSAGES: Record<ChainProblemCode, (seq: number) => Message> = {
  MISSING_ENTRY: (seq) => ({
    ja: `記録 ${seq} がありません（削除された可能性があります）。`,
    en: `Entry ${seq} is missing (it may have been removed).`,
  }),
  EXTRA_ENTRY: (seq) => ({
    ja: `記録 ${seq} は案件の版より後にあります（外から書き足された可能性があります）。`,
    en: `Entry ${seq} lies beyond the item's version (it may have been added from outside).`,
  }),
  UNLINKED: (seq) => ({
    ja: `記録 ${seq} が直前の記録につながっていません（前後の記録が変えられた可能性があります）。`,
    en: `Entry ${seq} does not link to the entry before it (either may have been changed).`,
  }),
  HASH_MISMATCH: (seq) => ({
    ja: `記録 ${seq} の内容がそのハッシュと一致しません（書き換えられた可能性があります）。`,
    en: `Entry ${seq} does not match its hash (it may have been altered).`,
  }),
  OLD_FORMAT_AFTER_NEW: (seq) => ({
    ja: `記録 ${seq} は検査できる形式の記録の後なのに、検査できない古い形式です（ハッシュが差し替えられた可能性があります）。`,
    en: `Entry ${seq} has the old hash format after one of the new (its hash may have been replaced).`,
  }),
  HEAD_MISMATCH: (seq) => ({
    ja: `最新の記録（${seq}）として保持しているハッシュが、その記録と一致しません。`,
    en: `The hash the item holds of its latest entry (${seq}) does not match that entry.`,
  }),
  MISSING_INSTANCE: (seq) => ({
    ja: `記録 ${seq} が指す決裁ルートまたは案件がありません（削除された可能性があります）。`,
    en: `Entry ${seq} names an approval route or task that is not there (it may have been removed).`,
  }),
};

/** A problem of the entry `seq`, with its message. */
export const chainProblem = (code: ChainProblemCode, seq: number): ChainProblem => ({
  seq,
  code,
  message: MESSAGES[code](seq),
});

/** Payload keys by which an entry names another instance of the same record: its route, its task. */
const NAMES = ['kessaiId', 'taskId'] as const;

/**
 * The instances the entries name (a request's decision names the route it came through, a route's
 * decision the task it came from), each with the first instance and entry that names it. The record
 * so says what belongs to it, under its hashes, whatever the rows' own columns say now.
 */
export function namedInstances(events: Map<string, StoredEvent[]>): Map<string, { by: string; seq: number }> {
  const named = new Map<string, { by: string; seq: number }>();
  for (const [by, list] of events)
    for (const e of list) {
      const p = e.payload as Record<string, unknown> | null;
      for (const k of NAMES) {
        const id = p?.[k];
        if (typeof id === 'string' && !named.has(id)) named.set(id, { by, seq: Number(e.seq) });
      }
    }
  return named;
}

/** An entry as read back: what its hash covers (the time as the driver gives it), and the chain. */
export interface StoredEvent extends Omit<HashedEvent, 'at'> {
  at: Date | string;
  prev_hash: string | null;
  hash: string;
}

/** The stored entries of these instances, in seq order, by instance. */
export async function eventsOf(m: EntityManager, ids: string[]): Promise<Map<string, StoredEvent[]>> {
  const byInstance = new Map<string, StoredEvent[]>();
  if (ids.length === 0) return byInstance;
  const rows: StoredEvent[] = await m.query(
    `SELECT instance_id, seq, type, actor_id, from_state, to_state, payload, at, prev_hash, hash
     FROM workflow_events WHERE instance_id = ANY($1::uuid[]) ORDER BY instance_id, seq`,
    [ids],
  );
  for (const r of rows) {
    const list = byInstance.get(r.instance_id);
    if (list) list.push(r);
    else byInstance.set(r.instance_id, [r]);
  }
  return byInstance;
}

/**
 * Checks an instance's event log as stored: entries numbered 1…version, each linked to the one
 * before (prev_hash), the instance's head_hash the hash of its last entry, each entry that can be
 * hashed again hashed again from its row (event-hash.ts), and no entry of the old format after one
 * of the new. The caller reads the instance and its entries in one snapshot (a step committed between
 * the two reads would look like an entry added from outside).
 */
export function checkChain(instance: AuditedInstance, events: StoredEvent[]): ChainReport {
  const version = Number(instance.version);
  const problems: ChainProblem[] = [];
  const problem = (code: ChainProblemCode, seq: number) => problems.push(chainProblem(code, seq));
  const bySeq = new Map(events.map((e) => [Number(e.seq), e]));
  let recomputed = 0;
  let linkedOnly = 0;
  for (let seq = 1; seq <= version; seq++) if (!bySeq.has(seq)) problem('MISSING_ENTRY', seq);
  let newFormatSeen = false;
  for (const e of events) {
    const seq = Number(e.seq);
    if (seq > version || seq < 1) problem('EXTRA_ENTRY', seq);
    const before = seq === 1 ? null : bySeq.get(seq - 1);
    // (when the entry before is missing, that is the problem already told)
    if (before !== undefined && e.prev_hash !== (before?.hash ?? null)) problem('UNLINKED', seq);
    if (!isRecomputable(e.hash)) {
      // the runtime wrote the old format only before it wrote the new: never after it
      if (newFormatSeen) problem('OLD_FORMAT_AFTER_NEW', seq);
      linkedOnly++;
      continue;
    }
    newFormatSeen = true;
    const again = eventHash(e.prev_hash, {
      instance_id: e.instance_id,
      seq,
      type: e.type,
      actor_id: e.actor_id,
      from_state: e.from_state,
      to_state: e.to_state,
      payload: canonical(e.payload),
      at: new Date(e.at).toISOString(),
    });
    if (again === e.hash) recomputed++;
    else problem('HASH_MISMATCH', seq);
  }
  const last = bySeq.get(version);
  if (last && last.hash !== instance.headHash) problem('HEAD_MISMATCH', version);
  problems.sort((a, b) => a.seq - b.seq);
  return {
    id: instance.id,
    machine: instance.machine,
    version,
    entries: events.length,
    recomputed,
    linkedOnly,
    intact: problems.length === 0,
    problems,
  };
}
