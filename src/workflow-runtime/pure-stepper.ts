import { createActor, fromTransition, type AnyActorScope, type AnyStateMachine, type MachineSnapshot } from 'xstate';

type AnySnapshot = MachineSnapshot<any, any, any, any, any, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface RecordedAction {
  type: string;
  params?: unknown;
}

/**
 * Pure stepping for many items: the same as xstate's `transition(machine, snapshot, event)`
 * (next snapshot + the actions, none run), but with one inert actor scope for the whole
 * batch instead of a new actor per call, which costs ~30 µs each. Our machines spawn no
 * children and send to no actors, so the scope's `self` is never used.
 * `pure-stepper.spec.ts` checks it agrees with `transition()`.
 */
export function pureStepper(machine: AnyStateMachine) {
  const scope = recordingScope();
  return (
    snapshot: AnySnapshot,
    event: { type: string } & Record<string, unknown>,
  ): [AnySnapshot, RecordedAction[]] => {
    scope.recorded = [];
    const next = machine.transition(snapshot, event, scope.scope) as AnySnapshot;
    return [next, scope.recorded];
  };
}

/**
 * Pure starting for many items: xstate's `initialTransition(machine, input)` (the initial
 * snapshot + its entry actions, none run) with one scope for the batch. `initialTransition`
 * builds an actor per call, and that actor computes an initial snapshot of its own first.
 */
export function pureStarter(machine: AnyStateMachine) {
  const scope = recordingScope();
  return (input: unknown): [AnySnapshot, RecordedAction[]] => {
    scope.recorded = [];
    const first = machine.getInitialSnapshot(scope.scope, input) as AnySnapshot;
    return [first, scope.recorded];
  };
}

/** An inert actor scope that records the actions it is asked to execute. */
function recordingScope(): { scope: AnyActorScope; recorded: RecordedAction[] } {
  const self = createActor(fromTransition((s: null) => s, null));
  const holder = { scope: undefined as unknown as AnyActorScope, recorded: [] as RecordedAction[] };
  holder.scope = {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (a: RecordedAction) => {
      holder.recorded.push(a);
    },
  } as unknown as AnyActorScope;
  return holder;
}

/**
 * `machine.getPersistedSnapshot(snapshot)` for a snapshot without child actors or history:
 * the same object, built without walking the whole context for actor references (our
 * machines keep none there; they spawn nothing). Any other snapshot takes xstate's own path.
 * `pure-stepper.spec.ts` checks both agree.
 */
export function persistedSnapshot(machine: AnyStateMachine, snapshot: AnySnapshot): Record<string, unknown> {
  if (!isEmpty(snapshot.children) || !isEmpty(snapshot.historyValue))
    return machine.getPersistedSnapshot(snapshot) as Record<string, unknown>;
  const persisted: Record<string, unknown> = { status: snapshot.status };
  if (snapshot.output !== undefined) persisted.output = snapshot.output;
  if (snapshot.error !== undefined) persisted.error = snapshot.error;
  persisted.value = snapshot.value;
  persisted.historyValue = {};
  persisted.context = snapshot.context;
  persisted.children = {};
  return persisted;
}

function isEmpty(o: object | undefined): boolean {
  for (const _ in o) return false;
  return true;
}
