/** The supervisor-decision machine's public API: one approval task. */

export type DecisionEvent =
  | { type: 'decision.approve'; by: string; comment?: string }
  | { type: 'decision.reject'; by: string; comment: string }
  | { type: 'decision.return'; by: string; comment: string } // 差し戻し
  | { type: 'task.cancel'; reason: string }; // the request was withdrawn or expired

export type TaskKind = 'approval' | 'kouetsu'; // kouetsu: 後閲, review after a deputy decided

export interface DecisionInput {
  requestId: string;
  requesterId: string;
  assigneeId: string;
  kind: TaskKind;
}

export interface DecisionContext extends DecisionInput {
  decidedBy: string | null;
  comment: string | null;
}
