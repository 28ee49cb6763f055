import { ApiProperty } from '@nestjs/swagger';
import { MessageDto } from '../../common/api-errors';
import { StaffRefDto } from '../../org/org-responses.dto';
import { RuleResultDto } from '../../requests/dto/request-responses.dto';
import { STORE_FILES } from '../policy-store.service';
import { EFFECTS, VERDICT_OUTCOMES, type RuleOutcome } from '../policy.types';

/**
 * What the policy admin API answers (documentation only: PolicyStore and PolicySimulation
 * build the answers, see PolicyVersionRow, PolicyError and SimulationResult).
 */

/** What a rule's outcome is compared as in a simulation: passes and skips alike, `absent` when missing. */
const COMPARED_OUTCOMES: readonly (RuleOutcome | 'absent')[] = ['pass', ...EFFECTS, 'absent'];

const SHA256 = '^[0-9a-f]{64}$';

/** GET /api/v1/policies: the active version of a file, without its content. */
export class PolicyVersionSummaryDto {
  @ApiProperty({ enum: STORE_FILES, description: 'The file, without .yaml' }) name!: string;
  @ApiProperty({ type: 'integer', description: '1, 2, … per file; the active one is the highest' })
  version!: number;
  @ApiProperty({ pattern: SHA256, description: "sha256 of this file's content" }) hash!: string;
  @ApiProperty({ format: 'date-time' }) activatedAt!: string;
  @ApiProperty({
    example: 'S0045',
    description: 'Staff id of the admin, or `file` when loaded from policies/ at start',
  })
  activatedBy!: string;
  @ApiProperty({
    type: StaffRefDto,
    nullable: true,
    description: 'The admin who activated it, by name; null when loaded from policies/ at start',
  })
  activatedByPerson!: StaffRefDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the change; `loaded from <name>.yaml` for files loaded at start',
  })
  comment!: string | null;
}

/** GET /api/v1/policies/{name}/versions: one version, with its content. */
export class PolicyVersionDto extends PolicyVersionSummaryDto {
  @ApiProperty({ description: 'The YAML text of this version' }) content!: string;
}

/** PUT /api/v1/policies/{name}: the active version after the call, without its content. */
export class PolicyActivationDto extends PolicyVersionSummaryDto {
  @ApiProperty({
    description:
      'false when the content was that of the active version already and the call named that version, the one ' +
      'it replaced (a retry of the call that made it) or none: nothing was written and the fields are those of ' +
      "the active version (its author and comment, not this call's); naming an older one is 409 VERSION_CONFLICT",
  })
  changed!: boolean;
}

/** A loading or validation error of a policy file: `file:line:column path: message`. */
export class PolicyFileErrorDto {
  @ApiProperty({ example: 'telework.yaml' }) file!: string;
  @ApiProperty({ type: 'integer', description: '1-based' }) line!: number;
  @ApiProperty({ type: 'integer', description: '1-based' }) column!: number;
  @ApiProperty({
    example: 'rules[3].params.maxDays',
    description: "Dotted path inside the document; '' for the whole file",
  })
  path!: string;
  @ApiProperty({ example: 'maxDays must be an integer number', description: 'What is wrong, in English' })
  message!: string;
  @ApiProperty({ example: '値は整数にしてください。', description: 'The same in Japanese' })
  messageJa!: string;
}

/** POST /api/v1/policies/validate. */
export class PolicyValidationDto {
  @ApiProperty({ description: 'true when errors is empty' }) valid!: boolean;
  @ApiProperty({ type: [PolicyFileErrorDto], description: 'By file, line and column; empty when valid' })
  errors!: PolicyFileErrorDto[];
}

/** The 422 POLICY_INVALID answer: the errors of the refused file, the active version unchanged. */
export class PolicyInvalidErrorDto {
  @ApiProperty({ enum: ['POLICY_INVALID'] }) code!: string;
  @ApiProperty({ type: MessageDto }) message!: MessageDto;
  @ApiProperty({ type: [PolicyFileErrorDto], description: 'Every error, by file, line and column' })
  details!: PolicyFileErrorDto[];
}

class PolicyOutcomeCountsDto {
  @ApiProperty({ type: 'integer' }) allow!: number;
  @ApiProperty({ type: 'integer' }) needs_exception!: number;
  @ApiProperty({ type: 'integer' }) deny!: number;
}

class PolicySimulationTotalsDto {
  @ApiProperty({
    type: 'integer',
    description: 'Stored requests of the period: those evaluated, and those that could not be (failed)',
  })
  requests!: number;
  @ApiProperty({ type: 'integer', description: 'Requests whose outcome would change' }) outcomeChanged!: number;
  @ApiProperty({ type: 'integer', description: 'Requests whose outcome stays but whose fired rules change' })
  firedChanged!: number;
  @ApiProperty({ type: 'integer', description: 'Requests that could not be evaluated (see failures)' })
  failed!: number;
  @ApiProperty({ type: PolicyOutcomeCountsDto, description: 'Outcomes under the active policy' })
  old!: PolicyOutcomeCountsDto;
  @ApiProperty({ type: PolicyOutcomeCountsDto, description: 'Outcomes under the draft' })
  new!: PolicyOutcomeCountsDto;
}

class PolicyTransitionDto {
  @ApiProperty({ enum: VERDICT_OUTCOMES }) from!: string;
  @ApiProperty({ enum: VERDICT_OUTCOMES }) to!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

class PolicyRuleChangeDto {
  @ApiProperty({ example: 'units' }) ruleId!: string;
  @ApiProperty({ enum: COMPARED_OUTCOMES, description: 'pass also for skipped; absent: not in the active policy' })
  from!: string;
  @ApiProperty({ enum: COMPARED_OUTCOMES, description: 'pass also for skipped; absent: not in the draft' })
  to!: string;
}

class PolicyChangedRequestDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ type: StaffRefDto, description: 'Who filed it, by name' }) requester!: StaffRefDto;
  @ApiProperty({ format: 'date' }) dateFrom!: string;
  @ApiProperty({ format: 'date' }) dateTo!: string;
  @ApiProperty({ enum: VERDICT_OUTCOMES, description: 'Outcome under the active policy' }) from!: string;
  @ApiProperty({ enum: VERDICT_OUTCOMES, description: 'Outcome under the draft' }) to!: string;
  @ApiProperty({ description: 'false when only the fired rules differ (e.g. a new warning)' })
  outcomeChanged!: boolean;
  @ApiProperty({ type: [PolicyRuleChangeDto], description: 'Rules whose outcome differs' })
  rules!: PolicyRuleChangeDto[];
  @ApiProperty({ type: [RuleResultDto], description: 'The fired (deny, needs_exception, warn) reasons, active policy' })
  oldReasons!: RuleResultDto[];
  @ApiProperty({ type: [RuleResultDto], description: 'The fired (deny, needs_exception, warn) reasons, draft' })
  newReasons!: RuleResultDto[];
}

class PolicySimulationFailureDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ description: 'Why its facts could not be evaluated (English, for administrators)' })
  message!: string;
}

/** POST /api/v1/policies/simulate. */
export class PolicySimulationDto {
  @ApiProperty({ pattern: SHA256, description: 'sha256 of the active policy (as in verdicts)' }) oldVersion!: string;
  @ApiProperty({ pattern: SHA256, description: 'sha256 of the policy with the draft' }) newVersion!: string;
  @ApiProperty({ type: PolicySimulationTotalsDto }) totals!: PolicySimulationTotalsDto;
  @ApiProperty({ type: [PolicyTransitionDto], description: 'Outcome moves, largest first' })
  transitions!: PolicyTransitionDto[];
  @ApiProperty({
    type: [PolicyChangedRequestDto],
    description: 'The requests that would change (outcome or fired rules), at most 1,000',
  })
  changed!: PolicyChangedRequestDto[];
  @ApiProperty({
    type: [PolicySimulationFailureDto],
    description: 'Requests whose facts could not be evaluated, at most 1,000 (totals.failed counts them all)',
  })
  failures!: PolicySimulationFailureDto[];
}
