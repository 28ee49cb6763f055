import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Grade } from '../org/org.entities';
import { PolicyStore } from '../policy/policy-store.service';
import { authorityOf, classOfRoute, resolveRoute, type RouteOrg } from '../policy/routing/route-resolver';
import { workingClockOf } from '../policy/routing/working-hours';
import type { ActiveRouting, RoutingSource, WorkingClock } from './routing.port';

/** The active routing.yaml, with the organisation it resolves against and the working-hours clock. */
@Injectable()
export class RoutingSourceService implements RoutingSource {
  /** One load per transaction: a bulk call's handlers ask many times and the answer cannot change under them. */
  private readonly perTransaction = new WeakMap<EntityManager, Promise<ActiveRouting>>();

  constructor(private readonly store: PolicyStore) {}

  active(m: EntityManager): Promise<ActiveRouting> {
    if (!m.queryRunner) return this.load(m); // outside a transaction: always fresh
    let cached = this.perTransaction.get(m);
    if (!cached) this.perTransaction.set(m, (cached = this.load(m)));
    return cached;
  }

  /** In a transaction the routing it has loaded (or will) serves; outside, the clock alone. */
  async clock(m: EntityManager): Promise<WorkingClock> {
    return m.queryRunner ? this.active(m) : (await this.sources(m)).clock;
  }

  private async sources(m: EntityManager) {
    const [routing, policy] = await Promise.all([this.store.activeRouting(m), this.store.active(m)]);
    return { routing, clock: workingClockOf(routing, policy.calendar) };
  }

  private async load(m: EntityManager): Promise<ActiveRouting> {
    const { routing, clock } = await this.sources(m);
    const org = await loadRouteOrg(m);
    return {
      version: routing.hash,
      maxChainDepth: routing.delegation.maxChainDepth,
      kouetsuDueWorkingDays: routing.delegation.kouetsuDueWorkingDays,
      classIds: Object.keys(routing.classes),
      classOfRoute: (routeId) => classOfRoute(routing, routeId),
      authority: (classId) => authorityOf(routing, classId),
      resolve: (outcome, requester) => resolveRoute(routing, outcome, org, requester),
      addWorkingHours: (from, hours) => clock.addWorkingHours(from, hours),
      workingHoursBetween: (a, b) => clock.workingHoursBetween(a, b),
      addWorkingDays: (day, n) => clock.addWorkingDays(day, n),
      isWorkingDay: (day) => clock.isWorkingDay(day),
    };
  }
}

async function loadRouteOrg(m: EntityManager): Promise<RouteOrg> {
  const staff: { id: string; grade: Grade; department_id: string; section_id: string; supervisor_id: string | null }[] =
    await m.query(`SELECT id, grade, department_id, section_id, supervisor_id FROM staff WHERE active`);
  const sections: { id: string; head_id: string | null }[] = await m.query(`SELECT id, head_id FROM sections`);
  const departments: { id: string; head_id: string | null }[] = await m.query(`SELECT id, head_id FROM departments`);
  const deputyMayor =
    staff.filter((s) => s.grade === 'fukushicho').sort((a, b) => a.id.localeCompare(b.id))[0]?.id ?? null;
  return {
    staff: new Map(
      staff.map((s) => [
        s.id,
        {
          id: s.id,
          grade: s.grade,
          departmentId: s.department_id,
          sectionId: s.section_id,
          supervisorId: s.supervisor_id,
        },
      ]),
    ),
    sectionHead: new Map(sections.flatMap((s) => (s.head_id ? [[s.id, s.head_id] as const] : []))),
    departmentHead: new Map(departments.flatMap((d) => (d.head_id ? [[d.id, d.head_id] as const] : []))),
    deputyMayor,
  };
}
