import { gradeRank } from '../../org/org.entities';
import type { OrgReference, PathSegment } from '../policy.types';
import { isSingle, nominalGrade, parseResolver, sectionOf } from './resolvers';
import type { AnyStepSpec, ClassSpec, ConsultStepSpec, RouteSpec, TimedStepSpec } from './routing.schema';

/** Checks of one route's steps: resolvers, deadlines, 代決, and that the route ends in a decision. */

export interface RoutingProblem {
  path: PathSegment[];
  message: string;
  /** Point at the map key itself rather than its value. */
  key?: boolean;
}

export interface StepEnv {
  personnelSection: string | null;
  orgRef?: OrgReference;
  authority?: ClassSpec;
  classId: string;
}

export function stepProblems(route: RouteSpec, i: number, env: StepEnv): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  const seen = new Map<string, number>();
  route.steps.forEach((step, j) => {
    const at = (...path: PathSegment[]): PathSegment[] => ['routes', i, 'steps', j, ...path];
    const first = seen.get(step.id);
    if (first === undefined) seen.set(step.id, j);
    else out.push({ path: at('id'), message: `duplicate step id "${step.id}" (first used by steps[${first}])` });
    out.push(...resolverProblems(step, env).map((p) => ({ ...p, path: at(...p.path) })));
    out.push(...kindProblems(step, env).map((p) => ({ ...p, path: at(...p.path) })));
  });
  return [...out, ...decisionProblems(route, i, env)];
}

/** Every approver and escalation target: syntax, one person where one is needed, known sections. */
function resolverProblems(step: AnyStepSpec, env: StepEnv): RoutingProblem[] {
  const uses: { text: string; path: PathSegment[]; single: boolean }[] = [];
  if (step.kind === 'approve') uses.push({ text: step.approver, path: ['approver'], single: true });
  else {
    const single = step.kind === 'consult';
    step.approvers.forEach((text, k) => uses.push({ text, path: ['approvers', k], single }));
  }
  if (step.kind !== 'inform' && step.escalateTo !== undefined) {
    uses.push({ text: step.escalateTo, path: ['escalateTo'], single: true });
  }
  const out: RoutingProblem[] = [];
  const listed = new Set<string>();
  for (const use of uses) {
    const message = resolverProblem(use.text, use.single, env);
    if (message) out.push({ path: use.path, message });
    else if (use.path[0] === 'approvers' && listed.has(use.text)) {
      out.push({ path: use.path, message: `"${use.text}" is listed twice` });
    }
    listed.add(use.text);
  }
  return out;
}

function resolverProblem(text: string, single: boolean, env: StepEnv): string | null {
  const parsed = parseResolver(text, env.personnelSection);
  if (!parsed.ok) return parsed.message;
  if (single && !isSingle(parsed.resolver)) {
    const head = text === 'personnel_section' ? 'personnel_head' : text.replace(/^section:/, 'section_head:');
    return `"${text}" names a whole section; one person is needed here (e.g. ${head})`;
  }
  const section = sectionOf(parsed.resolver);
  if (section !== null && env.orgRef && !env.orgRef.sections.includes(section)) {
    return `unknown section "${section}": not in the organisation`;
  }
  return null;
}

function kindProblems(step: AnyStepSpec, env: StepEnv): RoutingProblem[] {
  switch (step.kind) {
    case 'approve':
      if (step.daiketsu === true && env.authority?.daiketsu === false) {
        const message = `class "${env.classId}" allows no 代決; a step can only refuse it (daiketsu: false)`;
        return [...deadlineProblems(step), { path: ['daiketsu'], message }];
      }
      return deadlineProblems(step);
    case 'consult':
      return [...deadlineProblems(step), ...consultProblems(step)];
    case 'inform':
      return [];
  }
}

function deadlineProblems(step: TimedStepSpec): RoutingProblem[] {
  if (step.escalateHours > step.reminderHours) return [];
  const message = `escalateHours (${step.escalateHours}) must be later than reminderHours (${step.reminderHours})`;
  return [{ path: ['escalateHours'], message }];
}

function consultProblems(step: ConsultStepSpec): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  const agree = step.onDeadline === 'agree';
  if (agree && step.escalateTo !== undefined) {
    out.push({
      path: ['escalateTo'],
      message: 'escalateTo has no effect with onDeadline: agree (silence counts as agreement)',
    });
  }
  if (!agree && step.escalateTo === undefined) {
    const message = 'a 合議 step that escalates at its deadline (onDeadline: escalate, the default) needs escalateTo';
    out.push({ path: ['onDeadline'], message });
  }
  const mode = step.mode;
  if (typeof mode === 'object' && mode.quorum > step.approvers.length) {
    out.push({ path: ['mode'], message: `quorum ${mode.quorum} is more than the ${step.approvers.length} parties` });
  }
  return out;
}

/** The route ends in a decision (決裁): its last approve or consult step is an approve step whose
 * post can hold the class's decider grade. 供覧 may follow it. */
function decisionProblems(route: RouteSpec, i: number, env: StepEnv): RoutingProblem[] {
  const j = route.steps.findLastIndex((s) => s.kind !== 'inform');
  const last = route.steps[j];
  if (!last)
    return [{ path: ['routes', i, 'steps'], message: 'a route needs an approve step (the 決裁 by the decider)' }];
  const at: PathSegment[] = ['routes', i, 'steps', j];
  if (last.kind !== 'approve') {
    const message = `the last decision step must be an approve step (the 決裁); "${last.id}" is a ${last.kind} step`;
    return [{ path: [...at, 'kind'], message }];
  }
  const parsed = parseResolver(last.approver, env.personnelSection);
  const grade = parsed.ok ? nominalGrade(parsed.resolver) : null;
  if (!env.authority || grade === null || gradeRank(grade) >= gradeRank(env.authority.decider)) return [];
  const message = `the final approver "${last.approver}" is a ${grade} post; class "${env.classId}" is decided by a ${env.authority.decider}`;
  return [{ path: [...at, 'approver'], message }];
}
