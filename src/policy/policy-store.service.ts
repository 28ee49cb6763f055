import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, japanDate } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { fieldProblems, invalidFields } from '../common/field-problems';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { staffRefs, type StaffRef } from '../org/staff-refs';
import { loadPolicySet, POLICY_FILE_NAMES, validatePolicyFile } from './policy.loader';
import { loadRouting, validateRoutingFile } from './routing/routing.loader';
import type { CompiledRouting } from './routing/routing.types';
import type { CompiledPolicy, LastDays, OrgReference, PolicyError, ShapeRules } from './policy.types';

/** Every admin-edited file: the telework policy set, and the approval routes. */
export const STORE_FILES = [...POLICY_FILE_NAMES, 'routing'] as const;
export type PolicyFileName = (typeof STORE_FILES)[number];

export interface PolicyVersionRow {
  name: PolicyFileName;
  version: number;
  hash: string;
  content: string;
  activatedAt: string;
  activatedBy: string;
  comment: string | null;
}

type ActiveSet = Record<PolicyFileName, PolicyVersionRow>;
type Named<V> = V & { activatedByPerson: StaffRef | null };

/**
 * The policy versions in the database: the active one of each file is the newest.
 * Files in policies/ become new versions at start when they differ and are valid; a bad
 * file is refused with file:line:col and the last good version keeps running. Any number
 * of processes may share the table: activation is serialised by an advisory lock.
 */
@Injectable()
export class PolicyStore implements OnModuleInit {
  private readonly logger = new Logger('policy');
  private compiled: { key: string; policy: CompiledPolicy } | null = null;
  private routing: { hash: string; routing: CompiledRouting } | null = null;

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.syncFromFiles();
  }

  /**
   * Makes each policies/*.yaml that changed since it was last read a new version, if the set stays
   * valid. A file as it was last read (policy_file_loads) is no news: a version an admin saved since
   * (the policy pages, PUT /api/v1/policies/{name}) stays active across restarts, and the file wins
   * again only once someone edits it. Read, compared and recorded under the policy lock, so that
   * processes starting together judge each file once.
   */
  async syncFromFiles(): Promise<void> {
    const dir = resolve(this.config.policyDir);
    for (const name of STORE_FILES) {
      const file = join(dir, `${name}.yaml`);
      if (!existsSync(file)) continue;
      const content = readFileSync(file, 'utf8');
      const hash = sha256(content);
      const r = await this.db.tx(async (m) => {
        await lockPolicies(m);
        const [seen] = (await m.query(`SELECT hash FROM policy_file_loads WHERE name = $1`, [name])) as {
          hash: string;
        }[];
        if (seen?.hash === hash) return null;
        // (by its name: the full path would tell admins about the server's disks)
        const a = await this.activateIn(m, name, content, FROM_FILE, `loaded from ${name}.yaml`);
        // a refused file is not recorded: the next start says again what is wrong with it
        if (a.ok)
          await m.query(
            `INSERT INTO policy_file_loads (name, hash, loaded_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, loaded_at = excluded.loaded_at`,
            [name, hash, this.clock.now()],
          );
        return a;
      });
      if (r === null) this.logger.log(`${name}.yaml is as last read; the active version stays`);
      else if (!r.ok)
        this.logger.error(
          `refused ${file}; the last good version keeps running:\n` +
            r.errors.map((e) => `  ${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n'),
        );
    }
  }

  /** The compiled active policy (cached while the active versions stay the same). */
  async active(m?: EntityManager): Promise<CompiledPolicy> {
    const hashes = await this.activeHashes(m);
    const key = POLICY_FILE_NAMES.map((n) => hashes.get(n) ?? '-').join(':');
    if (this.compiled?.key === key) return this.compiled.policy;
    const set = await this.activeSet(m);
    if (POLICY_FILE_NAMES.map((n) => set[n]?.hash ?? '-').join(':') !== key) return this.active(m); // changed meanwhile
    const r = await this.compile(set, m);
    if (!r.ok) throw DomainError.of('POLICY_UNAVAILABLE', r.errors);
    this.compiled = { key, policy: r.policy };
    return r.policy;
  }

  async list(): Promise<Named<Omit<PolicyVersionRow, 'content'>>[]> {
    const set = await this.activeSet();
    return this.named(
      STORE_FILES.flatMap((n) => (set[n] ? [{ ...set[n], content: undefined }] : [])).map(
        ({ content: _c, ...rest }) => rest,
      ),
    );
  }

  async versions(name: string): Promise<Named<PolicyVersionRow>[]> {
    this.assertName(name);
    const rows = await this.db.query<Row>(`${SELECT} WHERE name = $1 ORDER BY version DESC`, [name]);
    return this.named(rows.map(toVersion));
  }

  /** Versions with the admin who activated each, by name (`file`: loaded at start, no one). */
  async named<V extends { activatedBy: string }>(versions: V[]): Promise<Named<V>[]> {
    const people = await this.db.read((m) =>
      staffRefs(
        m,
        versions.map((v) => v.activatedBy),
      ),
    );
    return versions.map((v) => ({ ...v, activatedByPerson: people.get(v.activatedBy) ?? null }));
  }

  /** Validates one file's content as the new version of that file (the set must stay valid). */
  async validate(name: string, content: string): Promise<{ valid: boolean; errors: PolicyError[] }> {
    this.assertName(name);
    return this.db.read(async (m) => {
      const errors = await this.errorsOf(m, name, content);
      return { valid: errors.length === 0, errors };
    });
  }

  /** Activates new content for a file; invalid → errors, nothing written. */
  async activate(
    name: string,
    content: string,
    by: string,
    comment: string | null,
    throwOnInvalid = true,
    expectedVersion?: number,
  ): Promise<Activation> {
    this.assertName(name);
    const result = await this.db.tx(async (m) => {
      await lockPolicies(m);
      return this.activateIn(m, name, content, by, comment, expectedVersion);
    });
    if (!result.ok && throwOnInvalid) throw DomainError.of('POLICY_INVALID', result.errors);
    return result;
  }

  /** `activate`, in a transaction that holds the policy lock. */
  private async activateIn(
    m: EntityManager,
    name: PolicyFileName,
    content: string,
    by: string,
    comment: string | null,
    expectedVersion?: number,
  ): Promise<Activation> {
    const current = (await this.activeSet(m))[name];
    const hash = sha256(content);
    // the same content again: nothing to change when it names the active version or the one that version
    // replaced (a retry of the call that made it, whose answer was lost); an edit of an older one is
    // refused below, as any edit of a version no longer active is, though its text came out the same
    const active = current?.version ?? 0;
    const retried = expectedVersion === undefined || expectedVersion === active || expectedVersion === active - 1;
    if (current?.hash === hash && retried) return { ok: true, version: current, changed: false };
    // an edit of a version no longer active would undo what replaced it, unseen
    if (expectedVersion !== undefined && expectedVersion !== active) {
      throw DomainError.of('VERSION_CONFLICT', { expected: expectedVersion, actual: current?.version ?? null });
    }
    const errors = await this.errorsOf(m, name, content);
    if (errors.length) return { ok: false, errors };
    const [row] = (await m.query(
      `INSERT INTO policy_versions (name, version, hash, content, activated_at, activated_by, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING name, version, hash, content, activated_at, activated_by, comment`,
      [name, (current?.version ?? 0) + 1, hash, content, this.clock.now(), by, comment],
    )) as Row[];
    this.logger.log(`activated ${name}.yaml version ${row!.version} (${hash.slice(0, 12)}) by ${by}`);
    return { ok: true, version: toVersion(row!), changed: true };
  }

  /**
   * The earliest last day a pending request may have on `today` (Japan): today itself, and for an
   * urgent one filed afterwards (事後申請) the policy's `urgentGraceWorkingDays` working days before.
   * Without a policy that loads, no grace.
   */
  async lastDays(today: string, m?: EntityManager): Promise<LastDays> {
    return (await this.shapeRules(today, m)).days;
  }

  /** The earliest last days (see LastDays) and the confidentiality levels a request written now may name. */
  async shapeRules(today: string, m?: EntityManager): Promise<ShapeRules> {
    const policy = await unlessUnavailable(() => this.active(m));
    const n = policy?.urgentGraceWorkingDays ?? 0;
    return {
      days: { today, urgent: n > 0 ? policy!.calendar.addWorkingDays(today, -n) : today },
      levels: policy ? [...policy.levels.keys()] : null,
    };
  }

  /** The compiled active routes (routing.yaml), cached while the version stays the same. */
  async activeRouting(m?: EntityManager): Promise<CompiledRouting> {
    const hash = (await this.activeHashes(m)).get('routing');
    if (hash !== undefined && this.routing?.hash === hash) return this.routing.routing;
    const set = await this.activeSet(m);
    const row = set.routing;
    if (!row) throw DomainError.of('POLICY_UNAVAILABLE', { file: 'routing.yaml' });
    if (this.routing?.hash === row.hash) return this.routing.routing;
    const r = loadRouting({ file: 'routing.yaml', content: row.content });
    if (!r.ok) throw DomainError.of('POLICY_UNAVAILABLE', r.errors);
    this.routing = { hash: row.hash, routing: r.routing };
    return r.routing;
  }

  /** Compiles the active set with one file replaced by a draft; invalid → POLICY_INVALID. */
  async compileDraft(m: EntityManager, name: string, content: string): Promise<CompiledPolicy> {
    this.assertName(name);
    if (name === 'routing') {
      throw invalidFields(
        fieldProblems('name', {
          ja: '試算できるのは telework と calendar の下書きです。',
          en: 'simulation evaluates telework and calendar drafts',
        }),
      );
    }
    const errors = await this.errorsOf(m, name, content);
    if (errors.length) throw DomainError.of('POLICY_INVALID', errors);
    const set = await this.activeSet(m);
    const r = await this.compile({ ...set, [name]: { ...set[name], content } } as ActiveSet, m);
    if (!r.ok) throw DomainError.of('POLICY_INVALID', r.errors);
    return r.policy;
  }

  async orgReference(m: EntityManager): Promise<OrgReference> {
    const [r] = (await m.query(`
      SELECT ARRAY(SELECT id FROM departments) AS departments, ARRAY(SELECT id FROM sections) AS sections,
             ARRAY(SELECT id FROM satellite_offices) AS offices`)) as [
      { departments: string[]; sections: string[]; offices: string[] },
    ];
    return { departments: r.departments, sections: r.sections, satelliteOffices: r.offices };
  }

  /**
   * The classes of matter that deputy delegations in effect today or later name, each with the
   * approvers whose delegations they are (see OrgReference.delegatedClasses).
   */
  private async delegatedClasses(m: EntityManager): Promise<Map<string, string[]>> {
    const rows = (await m.query(
      `SELECT c AS class, array_agg(DISTINCT d.approver_id ORDER BY d.approver_id) AS approvers
       FROM delegations d, unnest(d.classes) AS c
       WHERE d.date_to IS NULL OR d.date_to >= $1::date
       GROUP BY c ORDER BY c`,
      [japanDate(this.clock.now())],
    )) as { class: string; approvers: string[] }[];
    return new Map(rows.map((r) => [r.class, r.approvers]));
  }

  /**
   * The routes (by id) of approval routes still in progress, with how many (see OrgReference.routesInFlight).
   * A route that returned its request waits for nothing: a resubmission starts a route of its own.
   */
  private async routesInFlight(m: EntityManager): Promise<Map<string, number>> {
    const rows = (await m.query(
      `SELECT snapshot->'context'->>'routeId' AS route, count(*)::int AS n FROM workflow_instances
       WHERE machine = 'kessai-queue' AND state = 'inProgress'
       GROUP BY 1 ORDER BY 1`,
    )) as { route: string; n: number }[];
    return new Map(rows.map((r) => [r.route, Number(r.n)]));
  }

  /** Errors of `content` as file `name`, checked alone and then as part of the whole active set. */
  private async errorsOf(m: EntityManager, name: string, content: string): Promise<PolicyError[]> {
    const org = await this.orgReference(m);
    if (name === 'routing')
      return validateRoutingFile(content, {
        ...org,
        delegatedClasses: await this.delegatedClasses(m),
        routesInFlight: await this.routesInFlight(m),
      }).errors;
    const alone = validatePolicyFile(name, content, org);
    if (!alone.valid) return alone.errors;
    const set = await this.activeSet(m);
    const files = { ...set, [name]: { ...set[name as PolicyFileName], content } } as ActiveSet;
    if (POLICY_FILE_NAMES.some((n) => !files[n]?.content)) return []; // the first file of a set: nothing to combine yet
    const r = await this.compile(files, m);
    return r.ok ? [] : r.errors;
  }

  private async compile(set: ActiveSet, m?: EntityManager) {
    const org = m ? await this.orgReference(m) : await this.db.read((x) => this.orgReference(x));
    const sources = Object.fromEntries(
      POLICY_FILE_NAMES.map((n) => [n, { file: `${n}.yaml`, content: set[n]?.content ?? '' }]),
    ) as unknown as Parameters<typeof loadPolicySet>[0];
    return loadPolicySet(sources, org);
  }

  /**
   * The active version's hash per file, without the contents: what every request asks to find
   * the compiled policy and routes in the cache (the contents are read on a miss only).
   */
  private async activeHashes(m?: EntityManager): Promise<Map<string, string>> {
    const q = `SELECT DISTINCT ON (name) name, hash FROM policy_versions ORDER BY name, version DESC`;
    const rows: { name: string; hash: string }[] = m ? await m.query(q) : await this.db.query(q);
    return new Map(rows.map((r) => [r.name, r.hash]));
  }

  private async activeSet(m?: EntityManager): Promise<ActiveSet> {
    const q = `${SELECT.replace('SELECT', 'SELECT DISTINCT ON (name)')} ORDER BY name, version DESC`;
    const rows: Row[] = m ? await m.query(q) : await this.db.query<Row>(q);
    return Object.fromEntries(rows.map((r) => [r.name, toVersion(r)])) as ActiveSet;
  }

  private assertName(name: string): asserts name is PolicyFileName {
    if (!(STORE_FILES as readonly string[]).includes(name)) {
      throw DomainError.of(
        'NOT_FOUND',
        { name, known: STORE_FILES },
        {
          ja: `ポリシーファイル「${name}」はありません。`,
          en: `There is no policy file "${name}".`,
        },
      );
    }
  }
}

interface Row {
  name: PolicyFileName;
  version: number;
  hash: string;
  content: string;
  activated_at: Date;
  activated_by: string;
  comment: string | null;
}

type Activation = { ok: true; version: PolicyVersionRow; changed: boolean } | { ok: false; errors: PolicyError[] };

/** One change of the policy files at a time (an admin's save, a start reading the files). */
async function lockPolicies(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('teleflow:policy'))`);
}

/**
 * For work that must judge under one version to the end of its transaction: no change of the
 * policy files starts until it commits, and it waits for one in progress (an approval chooses its
 * limit locks by the rules in force: under two versions, two approvals could lock different counts).
 * Taken after row locks: a shared request queues behind a change waiting for its exclusive lock, so
 * an approval holding rows another approval needs may, rarely, close a circle with that change;
 * PostgreSQL breaks it (40P01) and Db.tx runs the victim again.
 */
export async function holdPolicies(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock_shared(hashtext('teleflow:policy'))`);
}

/** Who activates a version loaded from its file at start (activated_by): no one. */
const FROM_FILE = 'file';

const SELECT = `SELECT name, version, hash, content, activated_at, activated_by, comment FROM policy_versions`;

function toVersion(r: Row): PolicyVersionRow {
  return {
    name: r.name,
    version: Number(r.version),
    hash: r.hash,
    content: r.content,
    activatedAt: new Date(r.activated_at).toISOString(),
    activatedBy: r.activated_by,
    comment: r.comment,
  };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** What `load` gives, or undefined when the policy in force does not load (POLICY_UNAVAILABLE). */
export async function unlessUnavailable<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'POLICY_UNAVAILABLE') return undefined;
    throw e;
  }
}
