import { transition } from 'xstate';
import type { DecisionEvent } from './supervisor-decision.events';
import { supervisorDecisionMachine as machine } from './supervisor-decision.machine';

const context = {
  requestId: 'r1',
  requesterId: 'S0100',
  assigneeId: 'S0010',
  kind: 'approval' as const,
  decidedBy: null,
  comment: null,
};
const at = (value: string) => machine.resolveState({ value, context: { ...context } });

const events: Record<string, DecisionEvent> = {
  approve: { type: 'decision.approve', by: 'S0010' },
  approveWithComment: { type: 'decision.approve', by: 'S0010', comment: 'ok' },
  approveByOther: { type: 'decision.approve', by: 'S0011' },
  approveBySelf: { type: 'decision.approve', by: 'S0100' },
  reject: { type: 'decision.reject', by: 'S0010', comment: 'counter is short-staffed' },
  rejectNoComment: { type: 'decision.reject', by: 'S0010', comment: '  ' },
  rejectByOther: { type: 'decision.reject', by: 'S0011', comment: 'x' },
  return: { type: 'decision.return', by: 'S0010', comment: 'add the task list' },
  returnNoComment: { type: 'decision.return', by: 'S0010', comment: '' },
  cancel: { type: 'task.cancel', reason: 'withdrawn' },
};

const table: Record<string, Record<string, string>> = {
  pending: {
    approve: 'approved',
    approveWithComment: 'approved',
    reject: 'rejected',
    return: 'returned',
    cancel: 'cancelled',
  },
};

describe('supervisor-decision machine: transition table', () => {
  for (const state of ['pending', 'approved', 'rejected', 'returned', 'cancelled']) {
    for (const [key, event] of Object.entries(events)) {
      const target = table[state]?.[key];
      it(target ? `${state} --${key}--> ${target}` : `${state} refuses ${key}`, () => {
        const snap = at(state);
        expect(snap.can(event)).toBe(Boolean(target));
        expect(transition(machine, snap, event)[0].value).toBe(target ?? state);
      });
    }
  }

  it('records who decided and why', () => {
    const [next] = transition(machine, at('pending'), events.reject!);
    expect(next.context).toMatchObject({ decidedBy: 'S0010', comment: 'counter is short-staffed' });
  });
});
