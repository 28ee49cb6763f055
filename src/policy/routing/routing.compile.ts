import { createHash } from 'node:crypto';
import type { Label, PathSegment, SourceLocation } from '../policy.types';
import type { LabelSpec } from '../schema.common';
import { parseResolver } from './resolvers';
import type { AnyStepSpec, RouteSpec, RoutingSpec } from './routing.schema';
import type { CompiledRoute, CompiledRouting, CompiledStep, Resolver, RoutedOutcome } from './routing.types';

/** A checked RoutingSpec → CompiledRouting: resolvers parsed, defaults filled, positions kept. */

export interface RoutingCompileInput {
  spec: RoutingSpec;
  content: string;
  /** Where a path is in the file (for explanations that cite routing.yaml:line:col). */
  sourceOf: (path: PathSegment[]) => SourceLocation;
}

export function compileRouting({ spec, content, sourceOf }: RoutingCompileInput): CompiledRouting {
  const personnelSection = spec.personnelSection ?? null;
  const classes: CompiledRouting['classes'] = {};
  for (const [id, c] of spec.classes) {
    classes[id] = { decider: c.decider, deputyMinGrade: c.deputyMinGrade, daiketsu: c.daiketsu, label: label(c.label) };
  }
  const routes = spec.routes.map((route, i) =>
    compileRoute(route, {
      personnelSection,
      daiketsu: classes[route.class]?.daiketsu ?? false,
      sourceOf: (...path) => sourceOf(['routes', i, ...path]),
    }),
  );
  const routeFor = (outcome: RoutedOutcome): string => routes.find((r) => r.outcome === outcome)?.id ?? '';
  return {
    version: spec.version,
    name: { ja: spec.name.ja, en: spec.name.en },
    hash: createHash('sha256').update(content, 'utf8').digest('hex'),
    personnelSection,
    workingHours: {
      start: spec.workingHours.start,
      end: spec.workingHours.end,
      breaks: (spec.workingHours.breaks ?? []).map((b) => ({ start: b.start, end: b.end })),
    },
    delegation: {
      maxChainDepth: spec.delegation.maxChainDepth,
      kouetsuDueWorkingDays: spec.delegation.kouetsuDueWorkingDays,
    },
    classes,
    routes,
    routeFor: { allow: routeFor('allow'), needs_exception: routeFor('needs_exception') },
  };
}

interface RouteEnv {
  personnelSection: string | null;
  daiketsu: boolean;
  sourceOf: (...path: PathSegment[]) => SourceLocation;
}

function compileRoute(route: RouteSpec, env: RouteEnv): CompiledRoute {
  return {
    id: route.id,
    classId: route.class,
    label: label(route.label),
    outcome: route.when.outcome,
    steps: route.steps.map((step, j) => compileStep(step, env, env.sourceOf('steps', j))),
    source: env.sourceOf(),
  };
}

function compileStep(step: AnyStepSpec, env: RouteEnv, source: SourceLocation): CompiledStep {
  const resolve = (text: string): Resolver => {
    const parsed = parseResolver(text, env.personnelSection);
    if (!parsed.ok) throw new TypeError(`routing: unchecked resolver "${text}": ${parsed.message.en}`);
    return parsed.resolver;
  };
  const base = { id: step.id, kind: step.kind, label: label(step.label), source };
  switch (step.kind) {
    case 'approve':
      return {
        ...base,
        approvers: [resolve(step.approver)],
        mode: null,
        onDeadline: null,
        daiketsu: env.daiketsu && step.daiketsu !== false,
        escalateTo: step.escalateTo === undefined ? null : resolve(step.escalateTo),
        reminderHours: step.reminderHours,
        escalateHours: step.escalateHours,
      };
    case 'consult':
      return {
        ...base,
        approvers: step.approvers.map(resolve),
        mode: typeof step.mode === 'object' ? { quorum: step.mode.quorum } : (step.mode ?? 'all'),
        onDeadline: step.onDeadline ?? 'escalate',
        daiketsu: false,
        escalateTo: step.escalateTo === undefined ? null : resolve(step.escalateTo),
        reminderHours: step.reminderHours,
        escalateHours: step.escalateHours,
      };
    case 'inform':
      return {
        ...base,
        approvers: step.approvers.map(resolve),
        mode: null,
        onDeadline: null,
        daiketsu: false,
        escalateTo: null,
        reminderHours: 0,
        escalateHours: 0,
      };
  }
}

const label = (l: LabelSpec | undefined): Label | null => (l ? { ja: l.ja, en: l.en } : null);
