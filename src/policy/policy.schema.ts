import { Type } from 'class-transformer';
import {
  Allow,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EMPLOYMENT_TYPES, GRADES } from '../org/org.entities';
import type { EmploymentType, Grade } from '../org/org.entities';
import { LOCATIONS, PARTS } from './policy.facts';
import type { Location, Part } from './policy.facts';
import { EFFECTS } from './policy.types';
import type { Effect, RuleKind } from './policy.types';
import { RULE_KINDS, RULE_TYPES } from './rules';
import { bilingual } from '../common/field-problems';
import { ID, idProblem, IsDay, IsDayOrMonthDay, IsLevel, LabelSpec } from './schema.common';

/** The shape of telework.yaml and calendar.yaml, checked with whitelist + forbidNonWhitelisted. */

/** Whom or what a rule applies to: every field given must match (a list matches any of its values). */
export class ScopeSpec {
  @IsOptional() @IsArray() @IsString({ each: true }) departments?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) sections?: string[];
  @IsOptional() @IsArray() @IsIn(GRADES, { each: true }) grades?: Grade[];
  @IsOptional() @IsArray() @IsIn(EMPLOYMENT_TYPES, { each: true }) employmentTypes?: EmploymentType[];
  /** The requester holds at least one of these flags. */
  @IsOptional() @IsArray() @IsString({ each: true }) flags?: string[];
  @IsOptional() @IsBoolean() counterService?: boolean;
  @IsOptional() @IsBoolean() handlesMyNumber?: boolean;
  @IsOptional() @IsArray() @IsIn(LOCATIONS, { each: true }) locations?: Location[];
  @IsOptional() @IsArray() @IsIn(PARTS, { each: true }) parts?: Part[];
}

/** The days a rule is in force; a request is judged by its requested days. */
export class EffectiveSpec {
  @IsOptional() @IsDay() from?: string;
  @IsOptional() @IsDay() to?: string;
}

/** What every rule has; `params` comes from the class of its type. */
export class RuleSpec {
  @IsString() @Matches(ID, bilingual(idProblem({ ja: 'id ', en: 'id' }, 'weekly-cap'))) id!: string;
  @IsIn(RULE_TYPES) type!: string;
  @IsIn(EFFECTS) effect!: Effect;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @ValidateNested() @Type(() => ScopeSpec) scope?: ScopeSpec;
  @IsOptional() @ValidateNested() @Type(() => EffectiveSpec) effective?: EffectiveSpec;
  @IsDefined() @ValidateNested() @Type(() => LabelSpec) message!: LabelSpec;
  params?: object;
}

/** A rule whose `type` is unknown: only the type error is worth reporting. */
export class UnknownRuleSpec extends RuleSpec {}
Allow()(UnknownRuleSpec.prototype, 'params');

/** One class per rule type, its `params` validated by the type's own class. */
function ruleClassFor(kind: RuleKind): new () => RuleSpec {
  const RuleOfKind = class extends RuleSpec {};
  Object.defineProperty(RuleOfKind, 'name', { value: `Rule_${kind.type}` });
  if (kind.params) {
    const Params = kind.params;
    (kind.optionalParams ? IsOptional() : IsDefined())(RuleOfKind.prototype, 'params');
    ValidateNested()(RuleOfKind.prototype, 'params');
    Type(() => Params)(RuleOfKind.prototype, 'params');
  }
  return RuleOfKind;
}

const RULE_SUBTYPES = RULE_KINDS.map((k) => ({ name: k.type, value: ruleClassFor(k) }));

/** Which rules emergency mode changes: `relax` are skipped, `only` apply during an emergency only. */
export class EmergencySpec {
  @IsOptional() @IsArray() @IsString({ each: true }) relax?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) only?: string[];
}

/**
 * A derived figure, not a gate (DOMAIN: "a national allowance follows from home-work days, e.g. more
 * than 10 a month on average over 3 months"): what staff and HR read, never what a verdict reads.
 */
export class AllowanceSpec {
  @IsDefined() @ValidateNested() @Type(() => LabelSpec) label!: LabelSpec;
  /** Due when the average of approved telework days per month is above this. */
  @IsNumber() @Min(0) @Max(31) minDaysPerMonth!: number;
  /** Over how many months, the asked one and those before it. */
  @IsInt() @Min(1) @Max(12) months!: number;
  /** Where the work counts (default home). A morning or afternoon counts half a day; hours do not count. */
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsIn(LOCATIONS, { each: true }) locations?: Location[];
}

/** telework.yaml */
export class TeleworkSpec {
  @IsString() @IsNotEmpty() version!: string;
  @IsDefined() @ValidateNested() @Type(() => LabelSpec) name!: LabelSpec;
  /** Confidentiality levels, lowest first (default 1, 2, 3). */
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsLevel({ each: true }) confidentialityLevels?: (number | string)[];
  @IsOptional() @ValidateNested() @Type(() => EmergencySpec) emergency?: EmergencySpec;
  /**
   * 事後申請: how many working days after its last day an urgent request (phoned in first) may still
   * be filed and decided; 0 (default): like any other, by its last day.
   */
  @IsOptional() @IsInt() @Min(0) @Max(10) urgentGraceWorkingDays?: number;
  @IsOptional() @ValidateNested() @Type(() => AllowanceSpec) allowance?: AllowanceSpec;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => UnknownRuleSpec, {
    discriminator: { property: 'type', subTypes: RULE_SUBTYPES },
    keepDiscriminatorProperty: true,
  })
  rules!: RuleSpec[];
}

/** A closed or opened day or span, with the name shown to staff. */
export class CalendarSpanSpec {
  @IsDefined() @ValidateNested() @Type(() => LabelSpec) label!: LabelSpec;
  @IsDefined() @IsDayOrMonthDay() from!: string;
  @IsOptional() @IsDayOrMonthDay() to?: string;
}

/** An emergency period (非常時): the rules named in telework.yaml `emergency` change. */
export class EmergencyPeriodSpec {
  @IsString() @Matches(ID, bilingual(idProblem({ ja: 'id ', en: 'id' }, 'weekly-cap'))) id!: string;
  @IsDefined() @ValidateNested() @Type(() => LabelSpec) label!: LabelSpec;
  @IsDefined() @IsDay() from!: string;
  @IsDefined() @IsDay() to!: string;
}

/** calendar.yaml */
export class CalendarFileSpec {
  @IsOptional() @ValidateNested() @Type(() => LabelSpec) name?: LabelSpec;
  /** Closed days beyond national holidays and weekends (年末年始, local closures). */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => CalendarSpanSpec) closed?: CalendarSpanSpec[];
  /** Days that are working days even on a weekend or holiday (swapped working days). */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => CalendarSpanSpec) open?: CalendarSpanSpec[];
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EmergencyPeriodSpec)
  emergencies?: EmergencyPeriodSpec[];
}
