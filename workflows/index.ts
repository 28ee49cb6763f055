import type { AnyStateMachine } from 'xstate';
import {
  REMOTE_WORK_REQUEST_VERSION,
  remoteWorkRequestMachine,
} from './remote-work-request/remote-work-request.machine';
import { KESSAI_QUEUE_VERSION, kessaiQueueMachine } from './kessai-queue/kessai-queue.machine';
import {
  SUPERVISOR_DECISION_VERSION,
  supervisorDecisionMachine,
} from './supervisor-decision/supervisor-decision.machine';

export interface WorkflowDefinition {
  machine: AnyStateMachine;
  version: number;
}

/**
 * Every machine the runtime may step, by name. A route's snapshot records the version it
 * was started under; when its definition changes incompatibly, keep the old one here under
 * `versions` so stored snapshots still restore. A request's and a task's state are columns
 * of their rows (src/requests/request-instances.ts, src/inbox/approval-tasks.repository.ts):
 * a change to those machines' states or context ships a migration of the columns.
 */
export const workflows = {
  'remote-work-request': {
    machine: remoteWorkRequestMachine,
    version: REMOTE_WORK_REQUEST_VERSION,
  },
  'supervisor-decision': {
    machine: supervisorDecisionMachine,
    version: SUPERVISOR_DECISION_VERSION,
  },
  'kessai-queue': {
    machine: kessaiQueueMachine,
    version: KESSAI_QUEUE_VERSION,
  },
} satisfies Record<string, WorkflowDefinition>;

export type WorkflowName = keyof typeof workflows;

export * from './remote-work-request/remote-work-request.events';
export * from './remote-work-request/remote-work-request.machine';
export * from './supervisor-decision/supervisor-decision.events';
export * from './supervisor-decision/supervisor-decision.machine';
export * from './kessai-queue/kessai-queue.events';
export * from './kessai-queue/kessai-queue.machine';
export * from './text';
