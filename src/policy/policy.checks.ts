import type { Message } from '../common/domain-error';
import { tryParseDay } from './dates';
import { placeholdersOf } from './messages';
import type { CalendarFileSpec, RuleSpec, TeleworkSpec } from './policy.schema';
import type { CompileEnv, OrgRefUse, OrgReference, PathSegment } from './policy.types';
import { RULE_KIND_BY_TYPE } from './rules';
import { duplicateId, spanProblem, endsBeforeStart } from './schema.common';

/** Checks that need more than one field: run after class-validator passed. */

export interface Problem {
  path: PathSegment[];
  message: Message;
}

export function levelsOf(spec: TeleworkSpec): Map<string, number> {
  return new Map((spec.confidentialityLevels ?? [1, 2, 3]).map((l, i) => [String(l), i]));
}

export function teleworkProblems(spec: TeleworkSpec, orgRef?: OrgReference): Problem[] {
  const env: CompileEnv = { levels: levelsOf(spec) };
  const out: Problem[] = [];
  if (env.levels.size !== (spec.confidentialityLevels ?? [1, 2, 3]).length) {
    out.push({
      path: ['confidentialityLevels'],
      message: {
        ja: 'confidentialityLevels に同じ区分が二度あります。',
        en: 'confidentialityLevels lists a level twice',
      },
    });
  }
  const firstIndex = new Map<string, number>();
  spec.rules.forEach((rule, i) => {
    const at = firstIndex.get(rule.id);
    if (at === undefined) firstIndex.set(rule.id, i);
    else
      out.push({ path: ['rules', i, 'id'], message: duplicateId({ ja: 'ルール', en: 'rule' }, rule.id, 'rules', at) });
    out.push(...ruleProblems(rule, i, env, orgRef));
  });
  out.push(...emergencyProblems(spec, firstIndex));
  return out;
}

function ruleProblems(rule: RuleSpec, i: number, env: CompileEnv, orgRef?: OrgReference): Problem[] {
  const kind = RULE_KIND_BY_TYPE.get(rule.type);
  if (!kind) return [];
  const at = (...path: PathSegment[]): PathSegment[] => ['rules', i, ...path];
  const out: Problem[] = (kind.problems?.(rule.params, env) ?? []).map((p) => ({
    path: at('params', ...p.path),
    message: p.message,
  }));
  for (const lang of ['ja', 'en'] as const) {
    const unknown = placeholdersOf(rule.message[lang]).filter((p) => !kind.placeholders.includes(p));
    if (unknown.length > 0) {
      out.push({
        path: at('message', lang),
        message: {
          ja: `不明な差し込み {${unknown.join('}, {')}} です。${rule.type} ルールで使えるのは {${kind.placeholders.join('}, {')}} です。`,
          en: `unknown placeholder {${unknown.join('}, {')}}; a ${rule.type} rule offers {${kind.placeholders.join('}, {')}}`,
        },
      });
    }
  }
  const eff = rule.effective;
  if (eff?.from && eff.to && (tryParseDay(eff.to) ?? 0) < (tryParseDay(eff.from) ?? 0)) {
    out.push({ path: at('effective', 'to'), message: endsBeforeStart(eff.from, eff.to) });
  }
  if (orgRef) {
    const uses: OrgRefUse[] = [
      ...(rule.scope?.departments ?? []).map((value, j): OrgRefUse => ({
        kind: 'departments',
        value,
        path: ['scope', 'departments', j],
      })),
      ...(rule.scope?.sections ?? []).map((value, j): OrgRefUse => ({
        kind: 'sections',
        value,
        path: ['scope', 'sections', j],
      })),
      ...(kind.references?.(rule.params) ?? []).map((u) => ({ ...u, path: ['params', ...u.path] })),
    ];
    for (const use of uses) {
      if (!orgRef[use.kind].includes(use.value)) out.push({ path: at(...use.path), message: unknownRefMessage(use) });
    }
  }
  return out;
}

const REF_NAMES: Record<OrgRefUse['kind'], Message> = {
  departments: { ja: '部', en: 'department' },
  sections: { ja: '課', en: 'section' },
  satelliteOffices: { ja: 'サテライトオフィス', en: 'satellite office' },
};

function unknownRefMessage(use: OrgRefUse): Message {
  const name = REF_NAMES[use.kind];
  return {
    ja: `${name.ja} "${use.value}" は組織にありません。`,
    en: `unknown ${name.en} "${use.value}": not in the organisation`,
  };
}

const unknownRuleId = (id: string): Message => ({
  ja: `ルール id "${id}" はありません。`,
  en: `unknown rule id "${id}"`,
});

function emergencyProblems(spec: TeleworkSpec, ids: ReadonlyMap<string, number>): Problem[] {
  const out: Problem[] = [];
  const relax = spec.emergency?.relax ?? [];
  const only = spec.emergency?.only ?? [];
  relax.forEach((id, j) => {
    const index = ids.get(id);
    const rule = index === undefined ? undefined : spec.rules[index];
    const path = ['emergency', 'relax', j];
    if (!rule) out.push({ path, message: unknownRuleId(id) });
    else if (RULE_KIND_BY_TYPE.get(rule.type)?.security) {
      out.push({
        path,
        message: {
          ja: `ルール "${id}" はセキュリティのルール（${rule.type}）です。緊急時モードでも緩められません。`,
          en: `rule "${id}" is a security rule (${rule.type}); emergency mode cannot relax it`,
        },
      });
    } else if (only.includes(id))
      out.push({
        path,
        message: {
          ja: `ルール "${id}" を緩めることと緊急時だけ適用することは同時にできません。`,
          en: `rule "${id}" cannot be both relaxed and emergency-only`,
        },
      });
  });
  only.forEach((id, j) => {
    if (!ids.has(id)) out.push({ path: ['emergency', 'only', j], message: unknownRuleId(id) });
  });
  return out;
}

export function calendarProblems(spec: CalendarFileSpec): Problem[] {
  const out: Problem[] = [];
  for (const list of ['closed', 'open'] as const) {
    (spec[list] ?? []).forEach((span, i) => {
      const problem = spanProblem(span.from, span.to);
      if (problem) out.push({ path: [list, i, 'to'], message: problem });
    });
  }
  const seen = new Set<string>();
  (spec.emergencies ?? []).forEach((e, i) => {
    if (seen.has(e.id))
      out.push({
        path: ['emergencies', i, 'id'],
        message: { ja: `緊急時 id "${e.id}" が重複しています。`, en: `duplicate emergency id "${e.id}"` },
      });
    seen.add(e.id);
    if ((tryParseDay(e.to) ?? 0) < (tryParseDay(e.from) ?? 0)) {
      out.push({ path: ['emergencies', i, 'to'], message: endsBeforeStart(e.from, e.to) });
    }
  });
  return out;
}
