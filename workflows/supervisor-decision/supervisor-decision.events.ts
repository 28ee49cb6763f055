/** The supervisor-decision machine's public API: one approval task. */

export type DecisionEvent =
  | { type: 'decision.approve'; by: string; comment?: string }
  | { type: 'decision.reject'; by: string; comment: string }
  | { type: 'decision.return'; by: string; comment: string } // 差し戻し
  | { type: 'task.cancel'; reason: string }; // the request was withdrawn or expired

/** approval (決裁), consult (合議), inform (供覧), kouetsu (後閲: review after a deputy decided or a skip). */
export type DecisionTaskKind = 'approval' | 'consult' | 'inform' | 'kouetsu';

export interface DecisionInput {
  requestId: string;
  requesterId: string;
  assigneeId: string;
  kind: DecisionTaskKind;
}

export interface DecisionContext extends DecisionInput {
  decidedBy: string | null;
  comment: string | null;
}
