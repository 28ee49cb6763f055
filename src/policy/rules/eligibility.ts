import { IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { EMPLOYMENT_TYPES, GRADES, gradeRank } from '../../org/org.entities';
import type { EmploymentType, Grade } from '../../org/org.entities';
import type { OrgRefUse, ParamProblem } from '../policy.types';
import { defineRule, fire, pass, setOf } from './rule-kit';

/** Who may telework at all: every condition given must hold, unless an exempting flag is held. */
export class EligibilityParams {
  @IsOptional() @IsArray() @IsIn(EMPLOYMENT_TYPES, { each: true }) employmentTypes?: EmploymentType[];
  @IsOptional() @IsArray() @IsIn(GRADES, { each: true }) grades?: Grade[];
  @IsOptional() @IsIn(GRADES) minGrade?: Grade;
  @IsOptional() @IsIn(GRADES) maxGrade?: Grade;
  @IsOptional() @IsArray() @IsString({ each: true }) departments?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) sections?: string[];
  /** The requester must hold at least one of these flags (life events: childcare, nursing_care…). */
  @IsOptional() @IsArray() @IsString({ each: true }) flagsAny?: string[];
  /** The requester must hold none of these flags. */
  @IsOptional() @IsArray() @IsString({ each: true }) flagsNone?: string[];
  /** Holding any of these flags makes the requester eligible whatever the rest says (e.g. health_risk). */
  @IsOptional() @IsArray() @IsString({ each: true }) exemptFlags?: string[];
}

interface Compiled {
  employmentTypes?: ReadonlySet<string>;
  grades?: ReadonlySet<string>;
  minRank: number;
  maxRank: number;
  departments?: ReadonlySet<string>;
  sections?: ReadonlySet<string>;
  flagsAny?: readonly string[];
  flagsNone?: readonly string[];
  exemptFlags?: readonly string[];
}

const PROBLEMS = {
  employmentType: { ja: 'この雇用区分は対象外です', en: 'this employment type is not eligible' },
  grade: { ja: 'この職位は対象外です', en: 'this grade is not eligible' },
  department: { ja: 'この部は対象外です', en: 'this department is not eligible' },
  section: { ja: 'この課は対象外です', en: 'this section is not eligible' },
  flagsAny: {
    ja: '対象となる事由（育児・介護など）の登録がありません',
    en: 'no qualifying circumstance (childcare, nursing care, …) is registered',
  },
  flagsNone: { ja: '対象外となる事由が登録されています', en: 'a registered circumstance excludes telework' },
};

const anyOf = (held: readonly string[], wanted: readonly string[]): boolean => wanted.some((f) => held.includes(f));

export const eligibilityRule = defineRule<EligibilityParams, Compiled>({
  type: 'eligibility',
  params: EligibilityParams,
  placeholders: ['employmentType', 'grade', 'departmentId', 'sectionId', 'flags', 'problem'],
  passMessage: { ja: 'テレワークの対象者です。', en: 'The requester is eligible for telework.' },
  compile: (p) => ({
    employmentTypes: setOf(p.employmentTypes),
    grades: setOf(p.grades),
    minRank: p.minGrade ? gradeRank(p.minGrade) : -1,
    maxRank: p.maxGrade ? gradeRank(p.maxGrade) : GRADES.length,
    departments: setOf(p.departments),
    sections: setOf(p.sections),
    flagsAny: p.flagsAny,
    flagsNone: p.flagsNone,
    exemptFlags: p.exemptFlags,
  }),
  check: (c, ctx) => {
    const r = ctx.facts.requester;
    const facts: Record<string, unknown> = {
      employmentType: r.employmentType,
      grade: r.grade,
      departmentId: r.departmentId,
      sectionId: r.sectionId,
      flags: r.flags,
    };
    if (c.exemptFlags && anyOf(r.flags, c.exemptFlags)) return pass(facts);
    const rank = gradeRank(r.grade);
    let problem: { ja: string; en: string } | null = null;
    if (c.employmentTypes && !c.employmentTypes.has(r.employmentType)) problem = PROBLEMS.employmentType;
    else if ((c.grades && !c.grades.has(r.grade)) || rank < c.minRank || rank > c.maxRank) problem = PROBLEMS.grade;
    else if (c.departments && !c.departments.has(r.departmentId)) problem = PROBLEMS.department;
    else if (c.sections && !c.sections.has(r.sectionId)) problem = PROBLEMS.section;
    else if (c.flagsAny && !anyOf(r.flags, c.flagsAny)) problem = PROBLEMS.flagsAny;
    else if (c.flagsNone && anyOf(r.flags, c.flagsNone)) problem = PROBLEMS.flagsNone;
    if (!problem) return pass(facts);
    facts.problem = problem;
    return fire(facts);
  },
  problems: (p) => {
    const out: ParamProblem[] = [];
    if (p.minGrade && p.maxGrade && gradeRank(p.minGrade) > gradeRank(p.maxGrade)) {
      out.push({
        path: ['maxGrade'],
        message: {
          ja: `maxGrade（${p.maxGrade}）が minGrade（${p.minGrade}）より下です。`,
          en: `maxGrade (${p.maxGrade}) is below minGrade (${p.minGrade})`,
        },
      });
    }
    return out;
  },
  references: (p) => [
    ...(p.departments ?? []).map((value, i): OrgRefUse => ({ kind: 'departments', value, path: ['departments', i] })),
    ...(p.sections ?? []).map((value, i): OrgRefUse => ({ kind: 'sections', value, path: ['sections', i] })),
  ],
});
