import type { EntityManager } from 'typeorm';
import type { RouteStep } from '../../workflows';
import type { Grade } from '../org/org.entities';

/** Who decides a class of request (専決) and who may stand in (代決). */
export interface ClassAuthority {
  decider: Grade;
  deputyMinGrade: Grade;
  daiketsu: boolean;
}

/** The active routing policy (policies/routing.yaml) as the kessai module uses it. */
export interface ActiveRouting {
  /** sha256 of routing.yaml: recorded with each route started under it. */
  version: string;
  maxChainDepth: number;
  kouetsuDueWorkingDays: number;
  /** Every request class (専決 table entry). */
  classIds: string[];
  classOfRoute(routeId: string): string;
  authority(classId: string): ClassAuthority;
  /** The concrete steps of the route a request with this verdict outcome takes. */
  resolve(
    outcome: 'allow' | 'needs_exception',
    requester: { id: string; departmentId: string; sectionId: string; supervisorId: string | null },
  ): { routeId: string; classId: string; steps: RouteStep[] };
  addWorkingHours(from: Date, hours: number): Date;
  workingHoursBetween(a: Date, b: Date): number;
  addWorkingDays(day: string, n: number): string;
  isWorkingDay(day: string): boolean;
}

/** Working hours and days on the organisation's calendar (deadlines, ages). */
export type WorkingClock = Pick<
  ActiveRouting,
  'addWorkingHours' | 'workingHoursBetween' | 'addWorkingDays' | 'isWorkingDay'
>;

export interface RoutingSource {
  active(m: EntityManager): Promise<ActiveRouting>;
  /** The working clock alone: what a read that resolves no route needs (no organisation load). */
  clock(m: EntityManager): Promise<WorkingClock>;
}

export const ROUTING = Symbol('RoutingSource');
