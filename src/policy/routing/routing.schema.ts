import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { GRADES } from '../../org/org.entities';
import type { Grade } from '../../org/org.entities';
import { bilingual } from '../../common/field-problems';
import { ID, idProblem, IsClock, LabelSpec } from '../schema.common';
import { ROUTED_OUTCOMES, STEP_KINDS } from './routing.types';
import type { RoutedOutcome, StepKindName } from './routing.types';

/** The shape of routing.yaml, checked with whitelist + forbidNonWhitelisted (unknown keys are errors). */

/** A deadline beyond ~4 months of working hours is a typing mistake, not a policy. */
const MAX_HOURS = 1000;

function isQuorum(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const quorum = (v as { quorum?: unknown }).quorum;
  return Object.keys(v).length === 1 && Number.isInteger(quorum) && (quorum as number) >= 1;
}

/** Working hours of a deadline: one message whatever is wrong with it. */
function IsHours(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHours',
      validator: {
        validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_HOURS,
        defaultMessage: (a) =>
          `${a?.property ?? 'value'} must be a number of working hours above 0, at most ${MAX_HOURS}`,
      },
    },
    { context: { ja: `勤務時間数は 0 より大きく ${MAX_HOURS} 以下の数にしてください。` } },
  );
}

/** 合議 mode: all, any, or { quorum: N }. */
function IsConsultMode(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isConsultMode',
      validator: {
        validate: (v: unknown) => v === 'all' || v === 'any' || isQuorum(v),
        defaultMessage: () => 'mode must be all, any or { quorum: N } with N a whole number of at least 1',
      },
    },
    { context: { ja: 'mode は all、any、または { quorum: N }（N は 1 以上の整数）にしてください。' } },
  );
}

export class BreakSpec {
  @IsClock() start!: string;
  @IsClock() end!: string;
}

/** The working-hours window deadlines are counted in (Japan time, on calendar.yaml's working days). */
export class WorkingHoursSpec {
  @IsClock() start!: string;
  @IsClock() end!: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => BreakSpec) breaks?: BreakSpec[];
}

export class DelegationSpec {
  /** 代決 chains (deputy of a deputy …) longer than this are refused. */
  @IsInt() @Min(1) @Max(10) maxChainDepth!: number;
  /** A 後閲 task is due this many working days after the approver is back. */
  @IsInt() @Min(0) @Max(60) kouetsuDueWorkingDays!: number;
}

/** One line of the 専決 table: who decides this class of matter. */
export class ClassSpec {
  @IsOptional() @ValidateNested() @Type(() => LabelSpec) label?: LabelSpec;
  @IsIn(GRADES) decider!: Grade;
  @IsIn(GRADES) deputyMinGrade!: Grade;
  @IsBoolean() daiketsu!: boolean;
}

/** `classes` is a mapping (class id → ClassSpec); a Map keeps the keys in error paths. */
const toClassMap = ({ value }: { value: unknown }): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? new Map(Object.entries(value).map(([k, v]) => [k, plainToInstance(ClassSpec, v) as unknown]))
    : value;

export class WhenSpec {
  @IsIn(ROUTED_OUTCOMES) outcome!: RoutedOutcome;
}

export class StepSpec {
  @IsString() @Matches(ID, bilingual(idProblem({ ja: 'id ', en: 'id' }, 'standard'))) id!: string;
  @IsIn(STEP_KINDS) kind!: StepKindName;
  @IsOptional() @ValidateNested() @Type(() => LabelSpec) label?: LabelSpec;
}

/** Steps the route waits on: reminder and escalation deadlines in working hours. */
export class TimedStepSpec extends StepSpec {
  @IsHours() reminderHours!: number;
  @IsHours() escalateHours!: number;
  @IsOptional() @IsString() @IsNotEmpty() escalateTo?: string;
}

export class ApproveStepSpec extends TimedStepSpec {
  declare kind: 'approve';
  @IsString() @IsNotEmpty() approver!: string;
  /** false: no 代決 at this step even where the class allows it. */
  @IsOptional() @IsBoolean() daiketsu?: boolean;
}

/** 合議: other sections agree (all, any or a quorum). */
export class ConsultStepSpec extends TimedStepSpec {
  declare kind: 'consult';
  @IsArray() @ArrayNotEmpty() @IsString({ each: true }) @IsNotEmpty({ each: true }) approvers!: string[];
  @IsOptional() @IsConsultMode() mode?: 'all' | 'any' | { quorum: number };
  /** Silence at the escalation deadline: counts as agreement, or goes to escalateTo (default). */
  @IsOptional() @IsIn(['agree', 'escalate']) onDeadline?: 'agree' | 'escalate';
}

/** 供覧: circulated for information; the route does not wait. */
export class InformStepSpec extends StepSpec {
  declare kind: 'inform';
  @IsArray() @ArrayNotEmpty() @IsString({ each: true }) @IsNotEmpty({ each: true }) approvers!: string[];
}

/** A step whose kind is unknown: only the kind error is worth reporting. */
export class UnknownStepSpec extends StepSpec {
  @Allow() approver?: unknown;
  @Allow() approvers?: unknown;
  @Allow() mode?: unknown;
  @Allow() onDeadline?: unknown;
  @Allow() daiketsu?: unknown;
  @Allow() reminderHours?: unknown;
  @Allow() escalateHours?: unknown;
  @Allow() escalateTo?: unknown;
}

export type AnyStepSpec = ApproveStepSpec | ConsultStepSpec | InformStepSpec;

const STEP_SUBTYPES = [
  { name: 'approve', value: ApproveStepSpec },
  { name: 'consult', value: ConsultStepSpec },
  { name: 'inform', value: InformStepSpec },
];

export class RouteSpec {
  @IsString() @Matches(ID, bilingual(idProblem({ ja: 'id ', en: 'id' }, 'standard'))) id!: string;
  @IsOptional() @ValidateNested() @Type(() => LabelSpec) label?: LabelSpec;
  @IsString() @IsNotEmpty() class!: string;
  @IsDefined() @ValidateNested() @Type(() => WhenSpec) when!: WhenSpec;
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => UnknownStepSpec, {
    discriminator: { property: 'kind', subTypes: STEP_SUBTYPES },
    keepDiscriminatorProperty: true,
  })
  steps!: AnyStepSpec[];
}

/** routing.yaml */
export class RoutingSpec {
  @IsString() @IsNotEmpty() version!: string;
  @IsDefined() @ValidateNested() @Type(() => LabelSpec) name!: LabelSpec;
  /** 職員課: what personnel_head and personnel_section stand for. */
  @IsOptional() @IsString() @IsNotEmpty() personnelSection?: string;
  @IsDefined() @ValidateNested() @Type(() => WorkingHoursSpec) workingHours!: WorkingHoursSpec;
  @IsDefined() @ValidateNested() @Type(() => DelegationSpec) delegation!: DelegationSpec;
  @IsDefined()
  @IsObject(
    bilingual({
      ja: 'classes は「区分 id → { decider, deputyMinGrade, daiketsu }」の組にしてください。',
      en: 'classes must be a mapping: class id → { decider, deputyMinGrade, daiketsu }',
    }),
  )
  @ValidateNested()
  @Transform(toClassMap)
  classes!: Map<string, ClassSpec>;
  @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => RouteSpec) routes!: RouteSpec[];
}
