import type { PolicyFacts } from './policy.facts';
import type { CompiledPolicy, CompiledRule } from './policy.types';

/** Rule types that count what others use (re-checked under lock at approval). */
export const COLLECTIVE_RULE_TYPES: ReadonlySet<string> = new Set([
  'attendance_floor',
  'attendance_ceiling',
  'device_pool',
  'pool_device_booking',
  'satellite_capacity',
]);

/** What an approval adds to the counts collective rules read, and where it is counted. */
export interface LimitSubject {
  /** The units the request is counted in (as stored) and judged in (as the organisation is now). */
  sectionIds: readonly string[];
  departmentIds: readonly string[];
  dates: readonly string[];
  poolDeviceId: string | null;
  satelliteOfficeId: string | null;
}

/**
 * The advisory-lock keys an approval must hold while its collective limits are re-checked:
 * one per count (unit-day, pool-day, seat-day) that a rule of the policy may read and that
 * this approval reads or changes. Two approvals that share no key cannot change what the
 * other's check sees, so they need not wait for each other.
 * - A rule that only warns never refuses an approval: no key.
 * - A section-level rule whose scope looks at the section alone (the counter floor: counter
 *   sections only) and that leaves this requester's section out judges nobody in that
 *   section: no key.
 * - Otherwise the rule's unit-day (section or department), the pool-day when the request
 *   uses a pool device, the seat-day when it books a satellite seat.
 */
export function limitLockKeys(policy: CompiledPolicy, facts: PolicyFacts, s: LimitSubject): string[] {
  const keys = new Set<string>();
  const add = (prefix: string, ids: readonly (string | null)[]) => {
    for (const id of ids) if (id !== null) for (const d of s.dates) keys.add(`${prefix}:${id}:${d}`);
  };
  for (const rule of policy.rules) {
    switch (rule.type) {
      case 'attendance_floor':
      case 'attendance_ceiling': {
        if (rule.effect === 'warn') break;
        const unit = (rule.params as { unit: 'section' | 'department' }).unit;
        if (unit === 'section' && judgesNobodyInSection(rule, facts)) break;
        if (unit === 'section') add('section', s.sectionIds);
        else add('department', s.departmentIds);
        break;
      }
      case 'device_pool':
      case 'pool_device_booking': // (one device's day is part of the pool's: the same key)
        if (rule.effect !== 'warn' && s.poolDeviceId) add('pool', ['all']);
        break;
      case 'satellite_capacity':
        if (rule.effect !== 'warn') add('seat', [s.satelliteOfficeId]);
        break;
      default:
        // a collective type without a case here takes the widest unit; other rules count nothing of others'
        if (COLLECTIVE_RULE_TYPES.has(rule.type)) add('department', s.departmentIds);
    }
  }
  return [...keys];
}

/** The rule's scope depends on the section only, and this section is outside it. */
function judgesNobodyInSection(rule: CompiledRule, facts: PolicyFacts): boolean {
  return rule.scopeLevel === 'unit' && rule.inScope !== null && !rule.inScope(facts);
}
