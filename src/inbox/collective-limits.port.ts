import type { EntityManager } from 'typeorm';
import type { DomainError } from '../common/domain-error';

/**
 * Re-checks collective limits (department attendance, device pool, satellite seats)
 * for requests about to be approved, under a lock per count a rule may read (unit-day,
 * pool-day, seat-day).
 * Returns the requests that must not be approved, with the reason. The policy module
 * provides it; the inbox calls it inside the approval transaction.
 */
export interface CollectiveLimitsCheck {
  /**
   * `locked` is called once the check holds its locks, before it reads the counts and
   * evaluates (or at once when it needs none): a bulk call lets its next chunk start there.
   */
  checkForApproval(
    m: EntityManager,
    items: ApprovalCandidate[],
    locked?: () => void,
  ): Promise<Map<string, DomainError>>;

  /**
   * The version (hash) of the policy an approval in this transaction is checked under, held until it
   * commits (no activation comes between): what the approval's record cites.
   */
  versionForApproval(m: EntityManager): Promise<string>;
}

export interface ApprovalCandidate {
  requestId: string;
  /** Rule ids flagged at submission (the task's flags): granting those is the approver's call. */
  flagged: readonly string[];
  /**
   * This approval decides the request (its route's last step): later items of the same batch
   * count it as approved. An intermediate step's approval does not, as when decided alone.
   */
  concludes: boolean;
}

export const COLLECTIVE_LIMITS = Symbol('CollectiveLimitsCheck');
