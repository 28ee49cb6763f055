import { assign, setup } from 'xstate';
import type {
  RemoteWorkRequestContext,
  RemoteWorkRequestEvent,
  RemoteWorkRequestInput,
  VerdictOutcome,
} from './remote-work-request.events';

export const REMOTE_WORK_REQUEST_VERSION = 1;

/** The approval route a submission with this verdict outcome takes (none before the first). */
export function routeFor(outcome: VerdictOutcome | null): RemoteWorkRequestContext['route'] {
  if (outcome === null) return null;
  return outcome === 'needs_exception' ? 'exception' : 'standard';
}

/** Why a request was rejected or returned, for the notice: what the applicant must know to revise it. */
const decidedWhy = ({ event }: { event: RemoteWorkRequestEvent }) =>
  (event.type === 'decision.rejected' || event.type === 'decision.returned') && event.comment
    ? { comment: event.comment }
    : {};

/** Who revoked an approval and why, for the notice; after which day (`keptUntil`), when the days to it stay. */
const revokedBy = ({ event }: { event: RemoteWorkRequestEvent }) =>
  event.type === 'decision.revoked'
    ? { by: event.by, comment: event.comment, ...(event.keptUntil !== undefined ? { keptUntil: event.keptUntil } : {}) }
    : {};

/**
 * What a cancel tells whose approval it was: after which day (`keptUntil`), when the days to it stay,
 * and the applicant's reason, when they gave one.
 */
const cancelledAfter = ({ event }: { event: RemoteWorkRequestEvent }) =>
  event.type === 'request.cancel'
    ? {
        ...(event.keptUntil !== undefined ? { keptUntil: event.keptUntil } : {}),
        ...(event.comment !== undefined ? { comment: event.comment } : {}),
      }
    : {};

/** The days of a request after the last one worked given back. */
const releaseAfterKept = {
  type: 'releaseDaysAfter',
  params: ({ event }: { event: RemoteWorkRequestEvent }) => ({
    after: (event.type === 'request.cancel' || event.type === 'decision.revoked' ? event.keptUntil : undefined) ?? '',
  }),
} as const;

/**
 * One remote-work request from draft to its end. Pure: time arrives in events,
 * side effects are named actions that the runtime turns into rows (outbox, tasks).
 */
export const remoteWorkRequestMachine = setup({
  types: {
    context: {} as RemoteWorkRequestContext,
    events: {} as RemoteWorkRequestEvent,
    input: {} as RemoteWorkRequestInput,
  },
  guards: {
    // A deny verdict cannot be submitted: the request stays a draft.
    isSubmittable: ({ event }) => event.type === 'request.submit' && event.outcome !== 'deny',
    // A notice (届出) is approved on filing only while every rule passes: anything flagged goes the route.
    isNotice: ({ event }) => event.type === 'request.notify' && event.outcome === 'allow',
    // (a cut event, carrying keptUntil, is never taken for the whole request: see keepsWorkedDays)
    isBeforeLastDay: ({ context, event }) =>
      (event.type === 'request.cancel' || event.type === 'decision.revoked') &&
      event.today <= context.lastDate &&
      event.keptUntil === undefined,
    // begun already: the days before today were worked and stay; what is left goes
    keepsWorkedDays: ({ context, event }) =>
      (event.type === 'request.cancel' || event.type === 'decision.revoked') &&
      event.today <= context.lastDate &&
      event.keptUntil !== undefined &&
      event.keptUntil < event.today,
    isPastLastDay: ({ context, event }) => event.type === 'deadline.expired' && event.today > context.lastDate,
  },
  actions: {
    // an edit may move the dates: cancel and expiry go by the last day the request has now
    recordEdit: assign(({ event }) =>
      event.type === 'request.edit' && event.lastDate !== undefined ? { lastDate: event.lastDate } : {},
    ),
    recordSubmission: assign(({ context, event }) => {
      if (event.type === 'request.notify') return { outcome: event.outcome, submissions: context.submissions + 1 };
      if (event.type !== 'request.submit') return {};
      return { outcome: event.outcome, route: routeFor(event.outcome), submissions: context.submissions + 1 };
    }),
    // the request now ends on the last day worked: cancel and revocation go by it from now on
    keepWorkedDays: assign(({ event }) =>
      (event.type === 'request.cancel' || event.type === 'decision.revoked') && event.keptUntil !== undefined
        ? { lastDate: event.keptUntil }
        : {},
    ),
    // Effects: declared here, carried out by src/workflow-runtime in the same transaction.
    openApproval: () => {},
    /** A notice approved on filing: what an approval reserves (an approver's own telework), and the approver told. */
    acceptNotice: (_, _params: { by: string; registrationId: string }) => {},
    closeApproval: () => {},
    // (a revocation says who revoked it and why; a decision's notice reads the request row)
    notifyRequester: (_, _params?: { by?: string; comment?: string; keptUntil?: string }) => {},
    releaseDays: () => {}, // an approved day given back: whatever it reserved (an approver's absence) goes
    /** The days after `after` given back (those to it were worked): what they reserved goes. */
    releaseDaysAfter: (_, _params: { after: string }) => {},
    /**
     * An approval its applicant gave up on: whose approval it was is told (they planned the office
     * around it); after which day (`keptUntil`), when the days to it were worked and stay.
     */
    notifyApprovers: (_, _params: { keptUntil?: string; comment?: string }) => {},
  },
}).createMachine({
  id: 'remote-work-request',
  initial: 'draft',
  context: ({ input }) => ({ ...input, outcome: null, route: null, submissions: 0 }),
  states: {
    draft: {
      on: {
        'request.edit': { target: 'draft', actions: 'recordEdit' },
        'request.submit': {
          guard: 'isSubmittable',
          target: 'awaitingDecision',
          actions: ['recordSubmission', 'openApproval'],
        },
        // 届出: approved on filing under an approved registration, without a route
        'request.notify': {
          guard: 'isNotice',
          target: 'approved',
          actions: [
            'recordSubmission',
            {
              type: 'acceptNotice',
              // (the transition is taken on request.notify only)
              params: ({ event }: { event: RemoteWorkRequestEvent }) => {
                const e = event as Extract<RemoteWorkRequestEvent, { type: 'request.notify' }>;
                return { by: e.by, registrationId: e.registrationId };
              },
            },
          ],
        },
        'request.withdraw': { target: 'withdrawn' },
        'deadline.expired': { guard: 'isPastLastDay', target: 'expired' },
      },
    },
    awaitingDecision: {
      on: {
        'decision.approved': { target: 'approved', actions: 'notifyRequester' },
        'decision.rejected': { target: 'rejected', actions: { type: 'notifyRequester', params: decidedWhy } },
        'decision.returned': { target: 'returned', actions: { type: 'notifyRequester', params: decidedWhy } },
        'request.withdraw': { target: 'withdrawn', actions: 'closeApproval' },
        'deadline.expired': {
          guard: 'isPastLastDay',
          target: 'expired',
          actions: ['closeApproval', 'notifyRequester'],
        },
      },
    },
    // 差し戻し: the applicant edits and submits again, or gives up.
    returned: {
      on: {
        'request.edit': { target: 'returned', actions: 'recordEdit' },
        'request.submit': {
          guard: 'isSubmittable',
          target: 'awaitingDecision',
          actions: ['recordSubmission', 'openApproval'],
        },
        // the route that returned it is closed too (it would otherwise wait for a resubmission)
        'request.withdraw': { target: 'withdrawn', actions: 'closeApproval' },
        'deadline.expired': { guard: 'isPastLastDay', target: 'expired', actions: 'closeApproval' },
      },
    },
    approved: {
      on: {
        // given up on or after its first day, it stays approved for the days worked (see KeptDays)
        'request.cancel': [
          {
            guard: 'keepsWorkedDays',
            target: 'approved',
            actions: ['keepWorkedDays', releaseAfterKept, { type: 'notifyApprovers', params: cancelledAfter }],
          },
          {
            guard: 'isBeforeLastDay',
            target: 'cancelled',
            actions: ['releaseDays', { type: 'notifyApprovers', params: cancelledAfter }],
          },
        ],
        // the supervisor approves beforehand and may revoke: the days go back, the applicant is told
        // (the notice names who revoked it and why: the request row keeps who approved it)
        'decision.revoked': [
          {
            guard: 'keepsWorkedDays',
            target: 'approved',
            actions: ['keepWorkedDays', releaseAfterKept, { type: 'notifyRequester', params: revokedBy }],
          },
          {
            guard: 'isBeforeLastDay',
            target: 'revoked',
            actions: ['releaseDays', { type: 'notifyRequester', params: revokedBy }],
          },
        ],
      },
    },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    cancelled: { type: 'final' },
    revoked: { type: 'final' },
    expired: { type: 'final' },
  },
});

export type RemoteWorkRequestMachine = typeof remoteWorkRequestMachine;
