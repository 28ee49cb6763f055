export interface Message {
  ja: string;
  en: string;
}

/**
 * Every machine-readable error code Teleflow answers with, its HTTP status and its
 * default message. Services throw DomainError(code); DomainErrorFilter maps it to HTTP.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, ja: '入力内容に誤りがあります。', en: 'The request is invalid.' },
  MALFORMED_JSON: { status: 400, ja: 'JSON の形式が正しくありません。', en: 'The body is not valid JSON.' },
  MALFORMED_REQUEST: {
    status: 400,
    ja: 'HTTP リクエストの形式が正しくありません。',
    en: 'The HTTP request could not be read.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    ja: 'リクエストの受信が時間内に終わりませんでした。もう一度送ってください。',
    en: 'The request did not arrive in time; send it again.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    ja: 'URL またはヘッダーが長すぎます。',
    en: 'The URL or the headers are too long.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    ja: 'この形式・文字コード・圧縮形式の本文は受け付けられません。UTF-8 の JSON（Content-Type: application/json）で送ってください。',
    en: 'The body’s media type, charset or content encoding is not supported; send JSON in UTF-8 (Content-Type: application/json).',
  },
  UNAUTHENTICATED: { status: 401, ja: 'ログインが必要です。', en: 'Authentication is required.' },
  FORBIDDEN: { status: 403, ja: 'この操作の権限がありません。', en: 'You may not do this.' },
  NOT_FOUND: { status: 404, ja: '見つかりません。', en: 'Not found.' },
  REQUEST_NOT_FOUND: { status: 404, ja: '申請が見つかりません。', en: 'Request not found.' },
  STAFF_NOT_FOUND: { status: 404, ja: '職員が見つかりません。', en: 'Staff member not found.' },
  INVALID_TRANSITION: {
    status: 409,
    ja: '現在の状態ではこの操作はできません。',
    en: 'This action is not possible in the current state.',
  },
  VERSION_CONFLICT: {
    status: 409,
    ja: '他の操作で更新されています。最新の内容を確認してください。',
    en: 'The item was changed by someone else. Reload and try again.',
  },
  NO_APPROVER: {
    status: 422,
    ja: '承認者が見つかりません。所属長の設定を確認してください。',
    en: 'No approver could be found for this request or registration; check the supervisor settings.',
  },
  ALREADY_DECIDED: { status: 409, ja: 'この案件は既に処理済みです。', en: 'This item has already been decided.' },
  NOT_ASSIGNEE: {
    status: 403,
    ja: 'この案件の決裁権限がありません。',
    en: 'You are not the assignee of this item.',
  },
  SELF_APPROVAL_FORBIDDEN: {
    status: 403,
    ja: '自分の申請は承認できません。',
    en: 'You may not decide your own request.',
  },
  COMMENT_REQUIRED: {
    status: 400,
    ja: '却下・差し戻しには理由の記入が必要です。',
    en: 'Rejecting or returning needs a comment.',
  },
  POLICY_LIMIT_REACHED: {
    status: 409,
    ja: '出勤者数などの上限・下限に達しているため承認できません。',
    en: 'Approving would break a collective limit (office attendance, devices or seats).',
  },
  NOT_DECIDED: {
    status: 503,
    ja: 'この項目は処理されませんでした（変更なし）。もう一度送信してください。',
    en: 'This item was not decided (nothing changed for it); send it again.',
  },
  NOT_MOVED: {
    status: 503,
    ja: 'この項目は移されませんでした（変更なし）。もう一度送信してください。',
    en: 'This item was not moved (nothing changed for it); send it again.',
  },
  BULK_LIMIT: { status: 422, ja: '一度に処理できる件数を超えています。', en: 'Too many items in one call.' },
  POLICY_DENIED: {
    status: 422,
    ja: 'テレワーク規程により申請できません。理由を確認してください。',
    en: 'The telework policy refuses this request; see the reasons.',
  },
  POLICY_INVALID: {
    status: 422,
    ja: 'ポリシーファイルに誤りがあります。現在のバージョンが引き続き有効です。',
    en: 'The policy file is invalid; the active version stays in force.',
  },
  POLICY_UNAVAILABLE: {
    status: 503,
    ja: '有効なポリシーがありません。管理者に連絡してください。',
    en: 'No valid policy is active; contact an administrator.',
  },
  NO_TELEWORK_TODAY: {
    status: 409,
    ja: '今日は承認済みのテレワークがないため、報告はできません。',
    en: 'You have no approved telework today, so there is nothing to report.',
  },
  ALREADY_REPORTED: {
    status: 409,
    ja: 'この報告（始業または終業）は今日既に済んでいます。',
    en: 'You have already made this report (start or end) today.',
  },
  NOT_STARTED: {
    status: 409,
    ja: '始業報告がまだのため、終業報告はできません。',
    en: 'You have not reported the start of today’s work yet; report it first.',
  },
  NO_WORKING_DAY: {
    status: 422,
    ja: '指定の期間に勤務日がありません（土日・祝日・閉庁日）。',
    en: 'The dates contain no working day (weekend, holiday or closed day).',
  },
  DELEGATION_SELF: {
    status: 422,
    ja: '自分自身を代決者にはできません。',
    en: 'An approver cannot be their own deputy.',
  },
  DELEGATION_RANK_TAKEN: {
    status: 409,
    ja: 'この順位の代決者は同じ期間に既に指定されています。別の順位を指定してください。',
    en: 'Another deputy already holds this rank for the same days; choose another rank.',
  },
  DELEGATION_DUPLICATE: {
    status: 409,
    ja: 'この代決者は同じ決裁者に、重なる期間で既に指定されています。',
    en: 'This deputy is already named for the same approver on overlapping days.',
  },
  DELEGATION_CYCLE: {
    status: 422,
    ja: '代決者の指定が循環します。',
    en: 'This delegation would make a cycle of deputies.',
  },
  DELEGATION_TOO_DEEP: {
    status: 422,
    ja: '代決の連鎖が上限を超えます。',
    en: 'This delegation would make the deputy chain deeper than allowed.',
  },
  DEPUTY_LACKS_AUTHORITY: {
    status: 422,
    ja: '代決者にこの種類の案件を決裁する職位がありません。',
    en: 'The deputy does not hold the grade this class of matter needs.',
  },
  DEPUTY_IS_REQUESTER: {
    status: 422,
    ja: '申請者本人は代決できません。',
    en: 'The requester cannot decide their own request.',
  },
  DEPUTY_CANNOT_REJECT: {
    status: 409,
    ja: '代決では却下できません。決裁者の判断を待ってください。',
    en: 'A deputy (代決) may not reject; the matter waits for the approver.',
  },
  NO_DEPUTY: { status: 422, ja: '在席の代決者が見つかりません。', en: 'No present deputy could be found.' },
  UNTIL_RETURN_NEEDS_ABSENCE: {
    status: 422,
    ja: '決裁者の不在が登録されていないため「復帰まで」を指定できません。',
    en: 'untilReturn needs a registered absence of the approver.',
  },
  REGISTRATION_OVERLAPS: {
    status: 409,
    ja: 'この期間に重なる登録（申請中または承認済み）があります。期間や場所を変えるときは、先にその登録を取り下げてください。',
    en: 'A registration (pending or approved) already covers some of these days; to change its period or places, withdraw it first.',
  },
  REQUEST_OVERLAPS: {
    status: 409,
    ja: 'この日時には、あなたの別の申請（申請中または承認済み）があります。内容を変えるときは、先にその申請を取り下げるか取り消してください。',
    en: 'Another request of yours (pending or approved) already covers this time; to change it, withdraw or cancel that one first.',
  },
  ABSENCE_FROM_REQUEST: {
    status: 409,
    ja: 'この不在は承認済みのテレワーク申請によるものです。申請を取り消すか承認を取り消すと、あわせて消えます。',
    en: 'This absence comes from an approved telework request; it ends when that request is cancelled or its approval revoked.',
  },
  ABSENCE_DUPLICATE: {
    status: 409,
    ja: '同じ不在（同じ期間・種類）が既に登録されています。',
    en: 'The same absence (same days and kind) is already registered.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, ja: '送信内容が大きすぎます。', en: 'The body is too large.' },
  INTERNAL: {
    status: 500,
    ja: 'サーバーでエラーが発生しました。',
    en: 'An internal error occurred.',
  },
} as const satisfies Record<string, { status: number } & Message>;

export type KnownErrorCode = keyof typeof ERROR_CODES;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly messages: Message,
    readonly details?: unknown,
    readonly status?: number,
  ) {
    super(messages.en);
    this.name = 'DomainError';
  }

  /** An error with the catalogue's default message (overridable) and status. */
  static of(code: KnownErrorCode, details?: unknown, messages?: Partial<Message>): DomainError {
    const c = ERROR_CODES[code];
    return new DomainError(code, { ja: messages?.ja ?? c.ja, en: messages?.en ?? c.en }, details, c.status);
  }
}

/** One refused item of a bulk call: what a whole call's error would say, beside its id. */
export interface ItemFailure {
  taskId: string;
  ok: false;
  code: string;
  message: Message;
  details?: unknown;
}

export function itemFailure(taskId: string, e: DomainError): ItemFailure {
  const f: ItemFailure = { taskId, ok: false, code: e.code, message: e.messages };
  if (e.details !== undefined) f.details = e.details;
  return f;
}

export function statusOf(err: DomainError): number {
  if (err.status) return err.status;
  const known = (ERROR_CODES as Record<string, { status: number }>)[err.code];
  return known?.status ?? 422;
}
