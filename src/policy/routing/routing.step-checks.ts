import type { Message } from '../../common/domain-error';
import { gradeRank } from '../../org/org.entities';
import { duplicateId } from '../schema.common';
import type { OrgReference, PathSegment } from '../policy.types';
import { isSingle, nominalGrade, parseResolver, sectionOf } from './resolvers';
import type { AnyStepSpec, ClassSpec, ConsultStepSpec, RouteSpec, TimedStepSpec } from './routing.schema';

/** Checks of one route's steps: resolvers, deadlines, 代決, and that the route ends in a decision. */

export interface RoutingProblem {
  path: PathSegment[];
  message: Message;
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
    else out.push({ path: at('id'), message: duplicateId({ ja: 'ステップ', en: 'step' }, step.id, 'steps', first) });
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
      out.push({
        path: use.path,
        message: { ja: `"${use.text}" が二度書かれています。`, en: `"${use.text}" is listed twice` },
      });
    }
    listed.add(use.text);
  }
  return out;
}

function resolverProblem(text: string, single: boolean, env: StepEnv): Message | null {
  const parsed = parseResolver(text, env.personnelSection);
  if (!parsed.ok) return parsed.message;
  if (single && !isSingle(parsed.resolver)) {
    const head = text === 'personnel_section' ? 'personnel_head' : text.replace(/^section:/, 'section_head:');
    return {
      ja: `"${text}" は課の全員を指します。ここには一人を指定してください（例: ${head}）。`,
      en: `"${text}" names a whole section; one person is needed here (e.g. ${head})`,
    };
  }
  const section = sectionOf(parsed.resolver);
  if (section !== null && env.orgRef && !env.orgRef.sections.includes(section)) {
    return { ja: `課 "${section}" は組織にありません。`, en: `unknown section "${section}": not in the organisation` };
  }
  return null;
}

function kindProblems(step: AnyStepSpec, env: StepEnv): RoutingProblem[] {
  switch (step.kind) {
    case 'approve':
      if (step.daiketsu === true && env.authority?.daiketsu === false) {
        const message = {
          ja: `区分 "${env.classId}" は代決を認めていません。ステップでは断ること（daiketsu: false）だけができます。`,
          en: `class "${env.classId}" allows no 代決; a step can only refuse it (daiketsu: false)`,
        };
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
  const message = {
    ja: `escalateHours（${step.escalateHours}）は reminderHours（${step.reminderHours}）より後にしてください。`,
    en: `escalateHours (${step.escalateHours}) must be later than reminderHours (${step.reminderHours})`,
  };
  return [{ path: ['escalateHours'], message }];
}

function consultProblems(step: ConsultStepSpec): RoutingProblem[] {
  const out: RoutingProblem[] = [];
  const agree = step.onDeadline === 'agree';
  if (agree && step.escalateTo !== undefined) {
    out.push({
      path: ['escalateTo'],
      message: {
        ja: 'onDeadline: agree では escalateTo は働きません（期限までの沈黙は同意とみなします）。',
        en: 'escalateTo has no effect with onDeadline: agree (silence counts as agreement)',
      },
    });
  }
  if (!agree && step.escalateTo === undefined) {
    const message = {
      ja: '期限で引き上げる合議ステップ（onDeadline: escalate、既定）には escalateTo が必要です。',
      en: 'a 合議 step that escalates at its deadline (onDeadline: escalate, the default) needs escalateTo',
    };
    out.push({ path: ['onDeadline'], message });
  }
  const mode = step.mode;
  if (typeof mode === 'object' && mode.quorum > step.approvers.length) {
    out.push({
      path: ['mode'],
      message: {
        ja: `quorum ${mode.quorum} が合議先の数（${step.approvers.length}）を超えています。`,
        en: `quorum ${mode.quorum} is more than the ${step.approvers.length} parties`,
      },
    });
  }
  return out;
}

/** The route ends in a decision (決裁): its last approve or consult step is an approve step whose
 * post can hold the class's decider grade. 供覧 may follow it. */
function decisionProblems(route: RouteSpec, i: number, env: StepEnv): RoutingProblem[] {
  const j = route.steps.findLastIndex((s) => s.kind !== 'inform');
  const last = route.steps[j];
  if (!last)
    return [
      {
        path: ['routes', i, 'steps'],
        message: {
          ja: 'ルートには approve ステップ（決裁者の決裁）が必要です。',
          en: 'a route needs an approve step (the 決裁 by the decider)',
        },
      },
    ];
  const at: PathSegment[] = ['routes', i, 'steps', j];
  if (last.kind !== 'approve') {
    const message = {
      ja: `最後の判断のステップは approve（決裁）にしてください。"${last.id}" は ${last.kind} ステップです。`,
      en: `the last decision step must be an approve step (the 決裁); "${last.id}" is a ${last.kind} step`,
    };
    return [{ path: [...at, 'kind'], message }];
  }
  const parsed = parseResolver(last.approver, env.personnelSection);
  const grade = parsed.ok ? nominalGrade(parsed.resolver) : null;
  if (!env.authority || grade === null || gradeRank(grade) >= gradeRank(env.authority.decider)) return [];
  const message = {
    ja: `最終決裁者 "${last.approver}" は ${grade} の職です。区分 "${env.classId}" の決裁は ${env.authority.decider} が行います。`,
    en: `the final approver "${last.approver}" is a ${grade} post; class "${env.classId}" is decided by a ${env.authority.decider}`,
  };
  return [{ path: [...at, 'approver'], message }];
}
