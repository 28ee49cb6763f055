/** The remote-work request machine's public API: every event it understands. */

export type VerdictOutcome = 'allow' | 'needs_exception' | 'deny';

export type RemoteWorkRequestEvent =
  // user events (dotted imperatives)
  | { type: 'request.edit'; lastDate?: string } // lastDate: the edited request's last working day
  | { type: 'request.submit'; outcome: VerdictOutcome }
  // 届出: filed under an approved registration; `by` approved the registration, beforehand
  | { type: 'request.notify'; outcome: VerdictOutcome; by: string; registrationId: string }
  | { type: 'request.withdraw' } // 引戻し: the applicant retracts before the decision
  // an approved day that is no longer needed; keptUntil: see KeptDays; comment: the applicant's why
  | ({ type: 'request.cancel'; today: string; comment?: string } & KeptDays)
  // system events (past tense), sent by the decision / kessai workflows and timers
  | { type: 'decision.approved'; by: string; onBehalfOf?: string } // onBehalfOf: 代決, for that approver
  // comment: the decider's why, told to the applicant
  | { type: 'decision.rejected'; by: string; comment?: string }
  | { type: 'decision.returned'; by: string; onBehalfOf?: string; comment?: string } // 差し戻し; onBehalfOf: 代決
  // an approval taken back, up to its last day; keptUntil: see KeptDays
  | ({ type: 'decision.revoked'; by: string; today: string; comment: string } & KeptDays)
  | { type: 'deadline.expired'; today: string };

/**
 * A cancel or a revocation once a request has begun: the days before `today` were worked and stay
 * approved. `keptUntil` is the last of them (a working day of the request); the days after it, today's
 * included, are given back. Without it, none has begun and the whole request goes. `revokedTo`: the
 * request's last day before the cut (what was given back runs from after `keptUntil` to it).
 */
export interface KeptDays {
  keptUntil?: string;
  revokedTo?: string;
}

export type RemoteWorkRequestEventType = RemoteWorkRequestEvent['type'];

export interface RemoteWorkRequestInput {
  requesterId: string;
  /** Last working day of the request (YYYY-MM-DD): cancel is possible until then. */
  lastDate: string;
}

export interface RemoteWorkRequestContext extends RemoteWorkRequestInput {
  /** Outcome of the policy verdict at the last submission. */
  outcome: VerdictOutcome | null;
  /** needs_exception takes the longer approval route. */
  route: 'standard' | 'exception' | null;
  submissions: number;
}
