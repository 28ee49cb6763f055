import type { Message } from '../../common/domain-error';
import { GRADES } from '../../org/org.entities';
import type { Grade } from '../../org/org.entities';
import type { Resolver } from './routing.types';

/** The approver resolvers of routing.yaml: parsing, and what can be known of them before resolution. */

const NAMED = ['supervisor', 'section_head', 'department_head', 'deputy_mayor'] as const;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const GRADE_FORM = /^grade:([^@]*)@(.*)$/;

export const RESOLVER_FORMS =
  'supervisor, section_head, department_head, deputy_mayor, personnel_head, personnel_section, ' +
  'section_head:<section>, section:<section>, staff:<id> or grade:<grade>@section|department';

export type ParsedResolver = { ok: true; resolver: Resolver } | { ok: false; message: Message };

/** `personnelSection` is the top-level setting `personnel_head`/`personnel_section` stand for. */
export function parseResolver(text: string, personnelSection: string | null): ParsedResolver {
  const named = NAMED.find((n) => n === text);
  if (named) return ok({ text, kind: named });
  if (text === 'personnel_head' || text === 'personnel_section') {
    if (personnelSection === null)
      return fail({
        ja: `${text} にはファイルの最上位に personnelSection が必要です。`,
        en: `${text} needs personnelSection at the top level of the file`,
      });
    return ok(
      text === 'personnel_head'
        ? { text, kind: 'section_head', sectionId: personnelSection }
        : { text, kind: 'section', sectionId: personnelSection },
    );
  }
  const grade = GRADE_FORM.exec(text);
  if (grade) return parseGrade(text, grade[1] ?? '', grade[2] ?? '');
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? text : text.slice(0, colon);
  const code = text.slice(colon + 1);
  if (colon < 0 || !['section_head', 'section', 'staff'].includes(prefix)) {
    return fail({
      ja: `決裁者 "${text}" は書き方が不明です。使える書き方: ${RESOLVER_FORMS}`,
      en: `unknown approver "${text}"; expected ${RESOLVER_FORMS}`,
    });
  }
  if (!CODE.test(code)) {
    const example = `${prefix}:${prefix === 'staff' ? 'S0123' : 'GENL-02'}`;
    return fail({
      ja: `"${text}" には "${prefix}:" の後にコードが必要です（例: ${example}）。`,
      en: `"${text}" needs a code after "${prefix}:", e.g. ${example}`,
    });
  }
  if (prefix === 'staff') return ok({ text, kind: 'staff', staffId: code });
  return ok(
    prefix === 'section' ? { text, kind: 'section', sectionId: code } : { text, kind: 'section_head', sectionId: code },
  );
}

function parseGrade(text: string, grade: string, within: string): ParsedResolver {
  if (!(GRADES as readonly string[]).includes(grade)) {
    return fail({
      ja: `"${text}" の職位 "${grade}" は不明です。使えるのは ${GRADES.join(', ')} です。`,
      en: `unknown grade "${grade}" in "${text}"; expected one of: ${GRADES.join(', ')}`,
    });
  }
  if (within !== 'section' && within !== 'department') {
    return fail({
      ja: `"${text}" は @section か @department（申請者の所属）で終えてください。`,
      en: `"${text}" must end with @section or @department (the requester's own unit)`,
    });
  }
  return ok({ text, kind: 'grade', grade: grade as Grade, within });
}

const ok = (resolver: Resolver): ParsedResolver => ({ ok: true, resolver });
const fail = (message: Message): ParsedResolver => ({ ok: false, message });

/** Whether the resolver names one person (approve steps, escalation) rather than a group (供覧). */
export const isSingle = (r: Resolver): boolean => r.kind !== 'section';

/**
 * The highest grade a resolver names by its post, or null when any grade is possible (a
 * supervisor, a named person). Lets a load error say a route can never reach its decider.
 */
export function nominalGrade(r: Resolver): Grade | null {
  switch (r.kind) {
    case 'section_head':
      return 'kacho';
    case 'department_head':
      return 'bucho';
    case 'deputy_mayor':
      return 'fukushicho';
    case 'grade':
      return r.grade;
    case 'supervisor':
    case 'staff':
    case 'section':
      return null;
  }
}

/** The section code a resolver names, for checking against the organisation (personnel_* are
 * checked once, at personnelSection). */
export function sectionOf(r: Resolver): string | null {
  if (r.text.startsWith('personnel_')) return null;
  return (r.kind === 'section_head' || r.kind === 'section') && r.sectionId !== undefined ? r.sectionId : null;
}
