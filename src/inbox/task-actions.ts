import { DomainError } from '../common/domain-error';

/** What an inbox item can be told to do. */
export const TASK_ACTIONS = ['approve', 'reject', 'return'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** The columns of a pending task that decide which actions it takes. */
export interface ActionableTask {
  kind: string;
  on_behalf_of: string | null;
  kessai_id: string | null;
}

/**
 * Why a pending task cannot take this action whoever decides it, or null: 後閲 and 供覧 are
 * acknowledged only, a deputy (代決) never rejects, and a decision task without its route
 * cannot be decided at all. The decision refuses with it; the inbox lists what is left
 * (`actionsOf`), so that a page or a client offers only what the server will take.
 */
export function actionRefusal(task: ActionableTask, action: TaskAction): DomainError | null {
  if ((task.kind === 'kouetsu' || task.kind === 'inform') && action !== 'approve') {
    return DomainError.of('INVALID_TRANSITION', { kind: task.kind, action }, ACKNOWLEDGE_ONLY);
  }
  if (task.on_behalf_of && action === 'reject') return DomainError.of('DEPUTY_CANNOT_REJECT');
  // a decision task always belongs to a route; without one its request could never be decided
  if ((task.kind === 'approval' || task.kind === 'consult') && !task.kessai_id) {
    return DomainError.of('INVALID_TRANSITION', { reason: 'the task has no approval route' }, NO_ROUTE);
  }
  return null;
}

/** The actions a pending task takes, in TASK_ACTIONS order. */
export function actionsOf(task: ActionableTask): TaskAction[] {
  return TASK_ACTIONS.filter((a) => actionRefusal(task, a) === null);
}

/** What a reject or return of a 後閲 or 供覧 item answers: the generic message told people nothing. */
const ACKNOWLEDGE_ONLY = {
  ja: '後閲・供覧は確認（承認）だけできます。却下・差戻しはできません。',
  en: 'A post-review (後閲) or for-information (供覧) item can only be acknowledged (approve); it cannot be rejected or returned.',
};

/** A decision task without its route: data to repair, not something the approver can fix. */
const NO_ROUTE = {
  ja: 'この案件には決裁ルートがないため処理できません。管理者に連絡してください。',
  en: 'This item has no approval route, so it cannot be decided; contact an administrator.',
};
