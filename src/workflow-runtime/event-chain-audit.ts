import type { EntityManager } from 'typeorm';
import type { Message } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { canonical, eventHash, isRecomputable, type HashedEvent } from './event-hash';

/** A machine instance whose event log is to be checked, as its store holds it. */
export interface AuditedInstance {
  id: string;
  machine: string;
  version: number;
  /** The hash of its last entry (seq = version), where the runtime goes on with the chain. */
  headHash: string | null;
}

/** What can be wrong with a log, in the order a report lists problems of one entry. */
export const CHAIN_PROBLEM_CODES = [
  'MISSING_ENTRY',
  'EXTRA_ENTRY',
  'UNLINKED',
  'HASH_MISMATCH',
  'OLD_FORMAT_AFTER_NEW',
  'HEAD_MISMATCH',
  'MISSING_INSTANCE',
] as const;
export type ChainProblemCode = (typeof CHAIN_PROBLEM_CODES)[number];

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
    ja: `記録 ${seq} は最新の版より後にあります（外から書き足された可能性があります）。`,
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

/** Payload keys by which an entry names another instance of the same record: its route, its task. */
const NAMES = ['kessaiId', 'taskId'] as const;

/**
 * Checks a record: the logs of the instances its rows link together (`linked`, in the order to
 * report them), and of any route or task their entries name that the rows no longer link (a
 * decision names the route it came through and the task it came from, under its hashes), listed
 * after them; a named one that is gone is MISSING_INSTANCE at the entry that names it. The caller
 * reads `linked` in the same snapshot as this (a step committed between the two reads would look
 * like an entry added from outside).
 */
export async function auditRecord(m: EntityManager, linked: AuditedInstance[]): Promise<ChainReport[]> {
  const events = await eventsOf(
    m,
    linked.map((i) => i.id),
  );
  const known = new Set(linked.map((i) => i.id));
  const unlinked = [...namedInstances(events)].filter(([id]) => !known.has(id));
  const found = await instancesOf(m, unlinked.map(([id]) => id).filter(isUuid)); // (another name is no instance)
  for (const [id, list] of await eventsOf(
    m,
    found.map((f) => f.id),
  ))
    events.set(id, list);
  const there = new Set(found.map((f) => f.id));
  const gone = new Map<string, number[]>(); // by the instance whose entries name them: those entries
  for (const [id, { by, seq }] of unlinked) if (!there.has(id)) gone.set(by, [...(gone.get(by) ?? []), seq]);
  return [...linked, ...found].map((i) => checkChain(i, events.get(i.id) ?? [], gone.get(i.id)));
}

/** Routes and tasks by id, from their stores. */
async function instancesOf(m: EntityManager, ids: string[]): Promise<AuditedInstance[]> {
  if (ids.length === 0) return [];
  return m.query(
    `SELECT id, machine, version, head_hash AS "headHash" FROM workflow_instances WHERE id = ANY($1::uuid[])
     UNION ALL
     SELECT id, 'supervisor-decision', version, head_hash FROM approval_tasks WHERE id = ANY($1::uuid[])
     ORDER BY id`,
    [ids],
  );
}

/**
 * The instances the entries name, each with the first instance and entry that names it.
 */
function namedInstances(events: Map<string, StoredEvent[]>): Map<string, { by: string; seq: number }> {
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
async function eventsOf(m: EntityManager, ids: string[]): Promise<Map<string, StoredEvent[]>> {
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
 * of the new. `namingGone`: its entries that name a route or task that is gone.
 */
function checkChain(instance: AuditedInstance, events: StoredEvent[], namingGone: number[] = []): ChainReport {
  const version = Number(instance.version);
  const problems: ChainProblem[] = [];
  const problem = (code: ChainProblemCode, seq: number) => problems.push({ seq, code, message: MESSAGES[code](seq) });
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
  for (const seq of namingGone) problem('MISSING_INSTANCE', seq);
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
