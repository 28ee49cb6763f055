import type { Grade } from '../../org/org.entities';
import type { Label, SourceLocation } from '../policy.types';

/** routing.yaml once validated: plain data (JSON-safe), ready for the route resolver and the runtime. */

/** The verdict outcomes that start a route; a `deny` verdict cannot be submitted. */
export const ROUTED_OUTCOMES = ['allow', 'needs_exception'] as const;
export type RoutedOutcome = (typeof ROUTED_OUTCOMES)[number];

export const STEP_KINDS = ['approve', 'consult', 'inform'] as const;
export type StepKindName = (typeof STEP_KINDS)[number];

/** Who decides a class of matter (専決) and who may stand in (代決). */
export interface ClassAuthority {
  decider: Grade;
  /** The lowest grade a 代決 deputy may hold. */
  deputyMinGrade: Grade;
  daiketsu: boolean;
}

/**
 * Who a step goes to, from the requester's point of view. `text` is the resolver as written
 * in routing.yaml (for explanations); `personnel_head`/`personnel_section` compile to a section.
 */
export type Resolver = { text: string } & (
  | { kind: 'supervisor' }
  | { kind: 'section_head'; sectionId?: string } // the requester's own section when omitted
  | { kind: 'department_head' }
  | { kind: 'deputy_mayor' }
  | { kind: 'staff'; staffId: string }
  | { kind: 'grade'; grade: Grade; within: 'section' | 'department' }
  | { kind: 'section'; sectionId: string } // every member: 供覧 only
);
export type ResolverKind = Resolver['kind'];

export type CompiledConsultMode = 'all' | 'any' | { quorum: number };

export interface CompiledStep {
  id: string;
  kind: StepKindName;
  label: Label | null;
  /** approve: exactly one; consult: the 合議 parties; inform: the 供覧 readers. */
  approvers: Resolver[];
  /** consult only. */
  mode: CompiledConsultMode | null;
  onDeadline: 'agree' | 'escalate' | null;
  /** The class allows 代決 and the step does not refuse it (approve steps only). */
  daiketsu: boolean;
  escalateTo: Resolver | null;
  /** Working hours; 0 on inform steps (the route does not wait for 供覧). */
  reminderHours: number;
  escalateHours: number;
  source: SourceLocation;
}

export interface CompiledRoute {
  id: string;
  classId: string;
  label: Label | null;
  outcome: RoutedOutcome;
  steps: CompiledStep[];
  source: SourceLocation;
}

export interface WorkingHoursWindow {
  /** 'HH:MM' Japan time. */
  start: string;
  end: string;
  /** Breaks inside the window (昼休み), not counted as working time. */
  breaks: { start: string; end: string }[];
}

export interface CompiledRouting {
  version: string;
  name: Label;
  /** sha256 of routing.yaml: the version a route started under records. */
  hash: string;
  /** 職員課: the section `personnel_head` and `personnel_section` refer to. */
  personnelSection: string | null;
  workingHours: WorkingHoursWindow;
  delegation: { maxChainDepth: number; kouetsuDueWorkingDays: number };
  classes: Record<string, ClassAuthority & { label: Label | null }>;
  routes: CompiledRoute[];
  /** The route id each verdict outcome takes. */
  routeFor: Record<RoutedOutcome, string>;
}
