import type { RuleKind } from '../policy.types';
import { attendanceCeilingRule, attendanceFloorRule } from './attendance';
import { advanceNoticeRule, blackoutRule, closedDayRule } from './calendar-rules';
import { capRule, minOfficeDaysRule } from './caps';
import { devicePoolRule, deviceRequiredRule, poolDeviceBookingRule, poolDeviceOwnFirstRule } from './device';
import { eligibilityRule } from './eligibility';
import { locationRule, satelliteCapacityRule } from './location';
import { confidentialityRule, networkLocationRule, remoteSystemsRule } from './network';
import { unitsRule, workingHoursRule } from './units';

/** Every rule type a policy file may use, by its `type:` name. */
export const RULE_KINDS: readonly RuleKind[] = [
  eligibilityRule,
  networkLocationRule,
  confidentialityRule,
  remoteSystemsRule,
  deviceRequiredRule,
  devicePoolRule,
  poolDeviceBookingRule,
  poolDeviceOwnFirstRule,
  locationRule,
  satelliteCapacityRule,
  capRule,
  minOfficeDaysRule,
  attendanceFloorRule,
  attendanceCeilingRule,
  advanceNoticeRule,
  closedDayRule,
  blackoutRule,
  unitsRule,
  workingHoursRule,
];

export const RULE_KIND_BY_TYPE: ReadonlyMap<string, RuleKind> = new Map(RULE_KINDS.map((k) => [k.type, k]));
export const RULE_TYPES: readonly string[] = RULE_KINDS.map((k) => k.type);
