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
  const self = createActor(fromTransition((s: null) => s, null));
  let recorded: RecordedAction[] = [];
  const scope = {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (a: RecordedAction) => {
      recorded.push(a);
    },
  } as unknown as AnyActorScope;
  return (
    snapshot: AnySnapshot,
    event: { type: string } & Record<string, unknown>,
  ): [AnySnapshot, RecordedAction[]] => {
    recorded = [];
    const next = machine.transition(snapshot, event, scope) as AnySnapshot;
    return [next, recorded];
  };
}
