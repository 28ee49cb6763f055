import { and, assign, setup } from 'xstate';
import type { DecisionContext, DecisionEvent, DecisionInput } from './supervisor-decision.events';
import { hasVisibleText } from '../text';

export const SUPERVISOR_DECISION_VERSION = 1;

/**
 * One decision task: pending → approved | rejected | returned (or cancelled when the
 * request goes away). The decider must be the assignee and never the requester.
 */
export const supervisorDecisionMachine = setup({
  types: {
    context: {} as DecisionContext,
    events: {} as DecisionEvent,
    input: {} as DecisionInput,
  },
  guards: {
    isAssignee: ({ context, event }) => 'by' in event && event.by === context.assigneeId,
    isNotRequester: ({ context, event }) => 'by' in event && event.by !== context.requesterId,
    // Reject and return must say why (the applicant has to know what to fix).
    hasComment: ({ event }) => 'comment' in event && hasVisibleText(event.comment),
  },
  actions: {
    recordDecision: assign(({ event }) =>
      'by' in event ? { decidedBy: event.by, comment: event.comment ?? null } : {},
    ),
  },
}).createMachine({
  id: 'supervisor-decision',
  initial: 'pending',
  context: ({ input }) => ({ ...input, decidedBy: null, comment: null }),
  states: {
    pending: {
      on: {
        'decision.approve': {
          guard: and(['isAssignee', 'isNotRequester']),
          target: 'approved',
          actions: 'recordDecision',
        },
        'decision.reject': {
          guard: and(['isAssignee', 'isNotRequester', 'hasComment']),
          target: 'rejected',
          actions: 'recordDecision',
        },
        'decision.return': {
          guard: and(['isAssignee', 'isNotRequester', 'hasComment']),
          target: 'returned',
          actions: 'recordDecision',
        },
        'task.cancel': { target: 'cancelled' },
      },
    },
    approved: { type: 'final' },
    rejected: { type: 'final' },
    returned: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
