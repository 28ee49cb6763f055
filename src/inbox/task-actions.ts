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

/** The columns of a task no longer pending that say why. */
export interface ClosedTask {
  status: string;
  /** Its request's status now. */
  request_status: string;
}

/**
 * Why a task that is no longer pending cannot be acted on (decided, moved): closed without a
 * decision because the item went to someone else (NOT_ASSIGNEE, with the task.cancel reason
 * `closedAs`), because the requester withdrew or cancelled the request or its last day passed
 * undecided (ALREADY_DECIDED saying so); else it was decided. "Already decided" alone would
 * mislead about an item that was only moved.
 */
export function closedTaskRefusal(task: ClosedTask, closedAs: string | undefined): DomainError {
  const moved = task.status === 'cancelled' && closedAs ? MOVED_BECAUSE[closedAs] : undefined;
  if (moved) return DomainError.of('NOT_ASSIGNEE', { reason: closedAs }, moved);
  const gone = task.status === 'cancelled' ? CLOSED_BECAUSE[task.request_status] : undefined;
  return gone
    ? DomainError.of('ALREADY_DECIDED', { requestStatus: task.request_status }, gone)
    : DomainError.of('ALREADY_DECIDED');
}

/** Why a task closed without anyone deciding it, by its request's status: "already decided" would mislead. */
const CLOSED_BECAUSE: Record<string, { ja: string; en: string } | undefined> = {
  withdrawn: {
    ja: '申請者がこの申請を取り下げました。決裁・確認は不要です。',
    en: 'The requester withdrew this request; there is nothing left to decide or review.',
  },
  expired: {
    ja: 'この申請は決裁されないまま期日を過ぎ、失効しました。決裁・確認は不要です。',
    en: 'This request passed its last day without a decision and has expired; there is nothing left to decide or review.',
  },
  // a 後閲 or 供覧 of an approved request closes when the request ends
  cancelled: {
    ja: '申請者がこの申請を取り消しました。確認は不要です。',
    en: 'The requester cancelled this request; there is nothing left to acknowledge.',
  },
  revoked: {
    ja: 'この申請の承認は取り消されました。確認は不要です。',
    en: 'The approval of this request was revoked; there is nothing left to acknowledge.',
  },
};

/**
 * Why an item left its approver's box undecided, by its task.cancel reason: it is someone else's
 * now (NOT_ASSIGNEE), which "already decided" would hide. Said to the approver deciding it and to
 * whoever would move it (reroute).
 */
const MOVED_BECAUSE: Record<string, { ja: string; en: string } | undefined> = {
  reassigned: {
    ja: 'この案件は別の決裁者に回されました（付け替え・代決）。もうこの決裁者の受信箱にはありません。',
    en: "This item was passed to another approver (rerouted, or to a deputy); it is no longer in this approver's box.",
  },
  escalated: {
    ja: 'この案件は期限を過ぎたため上位の決裁者に回されました。',
    en: "This item passed its deadline and went up to the next approver; it is no longer in this approver's box.",
  },
  skippedAbsent: {
    ja: 'この案件は決裁者の不在のため飛ばされ、次の決裁者に進みました。後で後閲が届きます。',
    en: 'This item skipped its approver, who was away, and went on to the next approver; a post-review (後閲) follows.',
  },
  pulledForward: {
    ja: 'この案件は上位の決裁者が引き上げて処理しました（引上げ）。',
    en: "A higher approver took this item over (引上げ); it is no longer in this approver's box.",
  },
};
