// Teleflow's web pages: one module, no build step, no framework. Every page is a view of the
// REST API (/api/v1, documented at /api/docs); nothing here decides anything the API does not.
// User text only ever reaches the page as text nodes (see h()), never as HTML.

// ---------------------------------------------------------------- language
const LABELS = {
  requests: ['自分の申請', 'My requests'],
  team: ['部下の申請', 'Team requests'],
  allowance: ['手当の集計', 'Allowance'],
  allowanceTitle: ['在宅勤務等手当の集計', 'Telework allowance, everyone'],
  month: ['月', 'Month'],
  monthsAverage: ['月平均', 'Average'],
  dueCol: ['支給', 'Due'],
  dueOnly: ['対象者のみ', 'Only those due'],
  leftStaff: ['退職', 'left'],
  downloadCsv: ['CSV をダウンロード', 'Download CSV'],
  noAllowanceRule: [
    '規程に手当の定めがありません（3か月の集計のみ）。',
    'The policy describes no allowance: three months are counted, no one is due.',
  ],
  scope: ['範囲', 'Whose'],
  scopeTeam: ['部下', 'My staff'],
  scopeAll: ['全職員', 'Everyone'],
  byDay: ['日別：誰がいつ庁外か', 'Day by day: who works away when'],
  awayCount: ['庁外', 'away'],
  gridCapped: ['（最初の1,000件まで：期間を短くしてください）', '(the first 1,000 requests only: shorten the period)'],
  inbox: ['受信箱', 'Inbox'],
  backlog: ['決裁の滞留', 'Approver backlog'],
  apiDocs: ['API 文書', 'API docs'],
  away: ['不在・代決者', 'Absences & deputies'],
  notifications: ['お知らせ', 'Notifications'],
  attendance: ['出勤状況', 'Office attendance'],
  workToday: ['今日のテレワーク', 'Telework today'],
  workReports: ['今日の始業・終業報告', 'Today’s start and end reports'],
  reportStart: ['始業を報告', 'Report the start'],
  reportEnd: ['終業を報告', 'Report the end'],
  workNote: ['上司へのメモ（任意）', 'Note for your supervisor (optional)'],
  started: ['始業', 'Started'],
  ended: ['終業', 'Ended'],
  notYet: ['未報告', 'not reported'],
  confirmEnd: [
    '今日の終業を報告しますか？報告した終業は取り消せません。',
    'Report the end of today’s work now? A reported end cannot be taken back.',
  ],
  startReported: ['始業を報告しました。', 'Start reported.'],
  endReported: ['終業を報告しました。', 'End reported.'],
  plannedStart: ['開始予定', 'Planned start'],
  plannedEnd: ['終了予定', 'Planned end'],
  overtime: ['時間外（終了後）', 'after hours'],
  beforeHours: ['時間外（開始前）', 'before hours'],
  notes: ['メモ', 'Notes'],
  notALevel: ['（規程にない区分：選び直してください）', '(not a level of the policy: choose again)'],
  allMine: ['担当の全部局', 'All my departments'],
  allDepartments: ['全部局', 'All departments'],
  needsLook: [
    '要対応のみ（期限超過・超過見込み・本日不在）',
    'Only those needing a look (overdue, soon overdue, away today)',
  ],
  noneNeedsLook: [
    '今は要対応の決裁者はいません（期限超過・超過見込み・本日不在なし）。全員を見るにはチェックを外してください。',
    'No approver needs a look now (nothing overdue or soon overdue, nobody away today). Untick to see everyone.',
  ],
  staffMember: ['職員', 'Staff'],
  takenBack: [
    'このテレワークは始業後に取り消されました。上司の指示に従ってください。',
    'This telework was taken back after you started; follow your supervisor’s instructions.',
  ],
  wholeOrganisation: ['全庁', 'Whole organisation'],
  unit: ['所属', 'Unit'],
  attendanceHelp: [
    '各開庁日の出勤率（庁舎で勤務する人の割合）。承認済みと申請中のテレワーク（一日の一部でも）と、登録された休暇・出張を不在として数えます（申請の判定と同じ）。赤：規程の下限・上限の外、黄：下限に余裕なし（次の申請は規則にかかります）。',
    'Share of each unit in the office on each working day. Approved and pending telework (any part of the day) and registered leave and business trips count as away, as the policy check counts them. Red: outside a floor or ceiling of the policy; amber: no room left under a floor (the next request meets the rule).',
  ],
  noWorkingDay: ['この期間に開庁日はありません。', 'No working day in this period.'],
  markAllRead: ['表示中を既読にする', 'Mark these read'],
  period: ['期間', 'Period'],
  always: ['常時', 'always'],
  openRequest: ['申請を見る', 'see the request'],
  openRegistration: ['テレワーク登録を見る', 'see the registration'],
  policies: ['規程', 'Policies'],
  staffId: ['職員ID', 'Staff id'],
  show: ['表示', 'Show'],
  absences: ['不在予定', 'Absences'],
  addAbsence: ['不在を登録', 'Register an absence'],
  absenceKind: ['種類', 'Kind'],
  canActRemotely: ['不在中も決裁できる', 'Can decide while away'],
  source: ['登録元', 'Source'],
  deputies: ['代決者', 'Deputies'],
  deputyFor: ['代決を引き受けている決裁者', 'Approvers I stand in for'],
  addDeputy: ['代決者を指名', 'Name a deputy'],
  deputy: ['代決者', 'Deputy'],
  absence: ['不在', 'Absence'],
  rank: ['順位', 'Rank'],
  classes: ['対象の区分（選ばなければすべて）', 'Classes (none ticked: all)'],
  classesHead: ['対象の区分', 'Classes'],
  allClasses: ['すべて', 'all'],
  confirmRemove: ['次を削除しますか？', 'Remove this?'],
  removed: ['削除しました。', 'Removed.'],
  policyFile: ['ファイル', 'File'],
  versionNote: ['説明', 'Comment'],
  version: ['版', 'Version'],
  activatedAt: ['有効化', 'Activated'],
  activatedBy: ['有効化した人', 'By'],
  byFile: ['起動時にファイルから', 'the file, at start'],
  loadedFrom: ['読み込み元:', 'loaded from'],
  versions: ['履歴', 'History'],
  showVersion: ['内容', 'Text'],
  loadVersion: ['この版を編集欄に読み込む', 'Load into the editor'],
  confirmReplaceDraft: [
    '編集欄の未保存の変更は失われます。この版を読み込みますか？',
    'The unsaved edit in the editor will be lost. Load this version?',
  ],
  content: ['内容（YAML）', 'Content (YAML)'],
  validate: ['検証', 'Validate'],
  valid: ['問題ありません。', 'Valid.'],
  simulate: ['影響を試算', 'Simulate'],
  fileProblems: ['このファイルには次の誤りがあります。', 'The file has these problems.'],
  activate: ['有効にする', 'Activate'],
  activateComment: ['変更の説明', 'What changed'],
  confirmActivate: [
    'この内容を有効にしますか？以後の判定はこの版で行われます。',
    'Activate this content? Verdicts from now on use it.',
  ],
  activated: ['有効にしました', 'Activated'],
  unchanged: ['内容は有効な版と同じです。', 'Same content as the active version.'],
  simTotals: ['件数', 'Requests'],
  outcomeChanged: ['判定が変わる', 'Outcome changes'],
  firedChanged: ['該当ルールだけ変わる', 'Only fired rules change'],
  failedCases: ['評価できなかった', 'Could not be evaluated'],
  beforeChange: ['現行の規程', 'Active policy'],
  afterChange: ['変更案', 'Draft'],
  simNote: [
    '両方とも、保存されている申請を今の事実（組織・端末・他の申請）で判定し直した結果です。申請時の判定とは異なることがあります。',
    'Both columns judge the stored requests again, with today’s facts (organisation, devices, other requests): a verdict given when a request was filed may differ.',
  ],
  transitions: ['判定の変化', 'Outcome changes'],
  noLongerFires: ['該当しなくなる', 'no longer fires'],
  changedRequests: ['変わる申請（先頭50件）', 'Changed requests (first 50)'],
  logout: ['ログアウト', 'Log out'],
  otherLang: ['English', '日本語'],
  asOf: ['集計時刻', 'As of'],
  revoke: ['承認を取り消す', 'Revoke the approval'],
  revokeReason: ['取り消す理由（申請者に伝わります）', 'Why (the applicant is told)'],
  ownReason: ['理由（任意・履歴に残ります）', 'Why (optional; kept on the timeline)'],
  confirmRevoke: [
    'この申請の承認を取り消しますか？ 過ぎた日は承認済みのまま残り、今日以降の日の承認が取り消されます。',
    'Revoke the approval of this request? Days already past stay approved; today and the days after are revoked.',
  ],
  keptUntil: ['まで承認済み', 'approved through '],
  revokeNeedsReason: [
    '承認を取り消す理由を入力してください（申請者に伝わります）。',
    'Say why the approval is revoked (the applicant reads it).',
  ],
  noFilter: ['なし（すべての案件）', 'none (every item)'],
  keepDraft: ['下書きを最新版への変更として残す', 'Keep my draft as an edit of the active version'],
  dropDraft: ['下書きを捨てて最新版を開く', 'Drop my draft and open the active version'],
  notEditable: ['この申請は今の状態では修正できません', 'This request cannot be edited in its present state'],
  backToRequest: ['申請に戻る', 'Back to the request'],
  loginTitle: ['ログイン（デモ）', 'Log in (demo)'],
  loginHelp: [
    'デモの職員を選んでログインします。課長などの所属長は受信箱で決裁できます。',
    'Pick a demo staff member. Supervisors (課長 and above) decide in their inbox.',
  ],
  search: ['検索（氏名・ID・部署）', 'Search (name, id, department)'],
  waitingBox: ['受信箱', 'inbox'],
  closedDay: [
    '閉庁日です。テレワークは開庁日について申請します。',
    'a closed day: telework is requested for working days.',
  ],
  workingDaysIn: ['この期間の開庁日', 'Working days in this period'],
  closedWeekdays: ['平日の閉庁日', 'closed on weekdays'],
  startHere: ['決裁待ちのある職員から', 'Start with someone who has work waiting'],
  tokenTitle: ['トークンでログイン', 'Log in with a token'],
  tokenHelp: [
    'デモモードではありません。発行されたベアラートークンを貼り付けてください。',
    'Not in demo mode: paste the bearer token you were given.',
  ],
  login: ['ログイン', 'Log in'],
  newRequest: ['新しい申請', 'New request'],
  status: ['状態', 'Status'],
  any: ['すべて', 'any'],
  dates: ['勤務日', 'Work date(s)'],
  part: ['区分', 'Part'],
  location: ['勤務場所', 'Location'],
  verdict: ['判定', 'Verdict'],
  updated: ['更新', 'Updated'],
  more: ['さらに表示', 'Show more'],
  none: ['ありません。', 'Nothing here.'],
  date: ['勤務日', 'Work date'],
  dayOrRange: ['日付の指定', 'Days'],
  oneDay: ['1日', 'One day'],
  dayRange: ['期間', 'A range of days'],
  from: ['開始日', 'From'],
  to: ['終了日', 'To'],
  startTime: ['開始時刻', 'Start time'],
  endTime: ['終了時刻', 'End time'],
  satellite: ['サテライトオフィス', 'Satellite office'],
  locationText: ['場所', 'Where'],
  device: ['端末', 'Device'],
  noDevice: ['（なし）', '(none)'],
  ownDevices: ['自分の貸与端末', 'Your loaned devices'],
  poolDevices: ['共用の貸出端末（日ごとの予約）', 'Shared devices (booked per day)'],
  bookedOn: ['予約済み', 'booked on'],
  otherDevice: ['申請で指定された端末', 'The device the request names'],
  noOwnDevice: [
    '貸与端末をお持ちでないため、LGWAN 接続系の業務には共用の貸出端末を選んでください。',
    'You hold no loaned device: for internal-network (LGWAN) work, choose a shared device.',
  ],
  businessSystem: ['使う業務システム', 'Business system used'],
  agreed: ['同意', 'agreed'],
  disagreed: ['不同意', 'disagreed'],
  remoteReach: ['庁外から庁内ネットワークに接続可', 'reaches the internal network from outside'],
  noRemoteReach: ['庁外から庁内ネットワークに接続不可', 'cannot reach the internal network from outside'],
  reason: ['理由', 'Reason'],
  rerouteReason: ['振替の理由（必須）', 'Reason (required)'],
  contact: ['連絡先', 'Contact'],
  urgent: ['緊急（電話で所属長に連絡済み）', 'Urgent (supervisor phoned)'],
  withLeave: ['時間休と組み合わせる', 'Combined with hourly leave'],
  tasks: ['業務', 'Tasks'],
  task: ['業務内容', 'Task'],
  taskNo: ['業務', 'Task'],
  tier: ['ネットワーク', 'Network'],
  confidentiality: ['機密性', 'Confidentiality'],
  addTask: ['業務を追加', 'Add a task'],
  remove: ['削除', 'Remove'],
  check: ['規程で確認', 'Check against policy'],
  saveDraft: ['下書き保存', 'Save draft'],
  saveSubmit: ['保存して申請', 'Save and submit'],
  submit: ['申請する', 'Submit'],
  deniedEditFirst: [
    'このままでは規程により却下されます。編集してから申請してください。',
    'The policy refuses this as it stands: edit it before submitting.',
  ],
  edit: ['修正', 'Edit'],
  withdraw: ['取下げ', 'Withdraw'],
  cancel: ['取消し', 'Cancel request'],
  confirmWithdraw: [
    'この申請を取り下げますか？ 取り下げた申請は再提出できません（決裁待ちの案件は決裁者の受信箱から消えます）。直して出し直すときは、新しい申請を作成してください。',
    'Withdraw this request? A withdrawn request cannot be submitted again (a pending one leaves the approver’s inbox). To change and resend it, file a new request.',
  ],
  why_returned: ['差戻しの理由', 'Returned because'],
  why_rejected: ['却下の理由', 'Rejected because'],
  why_revoked: ['承認取消しの理由', 'Approval revoked because'],
  noComment: ['（コメントなし）', '(no comment)'],
  confirmCancel: [
    '承認済みの申請を取り消しますか？ 過ぎた日は承認済みのまま残り、今日以降の日が取り消されます。',
    'Cancel this approved request? Days already past stay approved; today and the days after are cancelled. (OK cancels it; Cancel keeps it.)',
  ],
  confirmWithdrawEditable: [
    'この申請を取り下げますか？ 取り下げた申請は再提出できません。直して出し直すときは、取り下げずに「編集」から修正して申請してください。',
    'Withdraw this request? A withdrawn request cannot be submitted again. To change and resend it, do not withdraw it: edit it and submit it again.',
  ],
  policyVersion: ['規程バージョン', 'Policy version'],
  firedRules: ['該当したルール', 'Rules that fired'],
  allRules: ['すべてのルール', 'All rules'],
  noneFired: ['該当したルールはありません。', 'No rule fired.'],
  route: ['決裁ルート', 'Approval route'],
  timeline: ['経過', 'Timeline'],
  checkRecord: ['記録を検査', 'Check the record'],
  checking: ['検査中…', 'Checking…'],
  recordIntactBadge: ['改ざんなし', 'Intact'],
  recordIntact: ['記録は書かれたときのままです。', 'The record stands as written.'],
  entriesChecked: ['検査した記録', 'Entries checked'],
  linkedOnly: [
    'うち検査の仕組みより前に書かれ、つながりだけを確かめた記録',
    'Of these, written before full hashing (only their links checked)',
  ],
  recordBroken: ['記録に問題があります。管理者に連絡してください。', 'The record has problems: tell an administrator.'],
  system: ['システム', 'system'],
  requester: ['申請者', 'Requester'],
  department: ['部署', 'Department'],
  kind: ['種別', 'Kind'],
  sort: ['並び順', 'Order'],
  oldest: ['古い順', 'Oldest first'],
  byWorkDate: ['勤務日順', 'By work date'],
  filter: ['絞り込み', 'Filter'],
  age: ['経過', 'Age'],
  request: ['申請内容', 'Request'],
  result: ['結果', 'Result'],
  comment: ['コメント（却下・差戻しは必須）', 'Comment (required to reject or return)'],
  commentHint: ['申請者に伝わります', 'The requester reads it'],
  resubmitted: ['再申請', 'resubmitted'],
  places: ['場所', 'Places'],
  workFrom: ['勤務日（から）', 'Work days from'],
  workTo: ['勤務日（まで）', 'Work days to'],
  yourDecision: ['あなたの決裁', 'Your decision'],
  registration: ['テレワーク登録', 'Telework registration'],
  registrationHelp: [
    '登録が承認されると、期間内・登録した場所で規程にすべて適合する日は、申請すると届出としてすぐ承認されます（所属長には通知）。',
    'Once approved, a day within its period and places that every rule allows is approved as soon as you file it, as a notice (your supervisor is told).',
  ],
  registerReg: ['登録を申請', 'Register'],
  withdrawReg: ['登録を取下げ', 'Withdraw'],
  confirmRegWithdraw: ['この登録を取り下げますか？', 'Withdraw this registration?'],
  confirmRegister: [
    'この期間・場所でテレワーク登録を申請しますか？（一日ごとの申請ではありません）',
    'Apply for a telework registration for this period and these places? (This is not a request for one day.)',
  ],
  awayToday: ['本日不在：戻るまで処理されません', 'away today: it waits until they are back'],
  cannotDecide: [
    'この案件には決裁ルートがないため処理できません。管理者に連絡してください。',
    'This item has no approval route, so it cannot be decided; contact an administrator.',
  ],
  confirmRegReject: [
    'この登録を却下しますか？ 理由は登録者に伝わります。',
    'Reject this registration? The holder reads your reason.',
  ],
  regRejected: ['登録を却下しました。', 'The registration was rejected.'],
  confirmRegRevoke: [
    'この登録の承認を取り消しますか？以後の申請は通常の決裁ルートになります。',
    'Revoke this registration? Later requests go the approval route again.',
  ],
  regNote: ['理由（育児・通院など）', 'Why (childcare, hospital visits …)'],
  teamRegistrations: ['テレワーク登録', 'Telework registrations'],
  regReason: ['却下・取消しの理由', 'Reason to reject or revoke'],
  revokeReg: ['登録を取消し', 'Revoke'],
  approve: ['承認', 'Approve'],
  acknowledge: ['確認した', 'Acknowledge'],
  returnIt: ['差し戻す', 'Return'],
  rejectIt: ['却下', 'Reject'],
  agree: ['同意', 'Agree'],
  disagree: ['不同意', 'Disagree'],
  decisionSaved: ['処理しました。', 'Decided.'],
  pendingInBox: ['未処理の案件', 'Pending items'],
  filterAppliedFirst: [
    '絞り込み条件を反映しました。一覧を確かめてから、もう一度押してください。',
    'The filter you typed is now applied; check the list, then press again.',
  ],
  cleanCount: ['表示中の対象件数', 'Items of this kind on show'],
  approveSel: ['選択を承認', 'Approve selected'],
  rejectSel: ['選択を却下', 'Reject selected'],
  agreeSel: ['選択に同意', 'Agree to selected'],
  acknowledgeSel: ['選択を確認した', 'Acknowledge selected'],
  since: ['→ その後', '→ since then'],
  openClash: ['重なっている申請を開く', 'Open the request it clashes with'],
  clashes: [
    'この日時には、あなたの別の申請（申請中または承認済み）があるため、このままでは申請できません。',
    'Another request of yours (pending or approved) already takes this time: this one cannot be submitted as it is.',
  ],
  disagreeSel: ['選択に不同意', 'Disagree with selected'],
  approveOrAgreeSel: ['選択を承認・同意', 'Approve or agree to selected'],
  rejectOrDisagreeSel: ['選択を却下・不同意', 'Reject or disagree with selected'],
  returnSel: ['選択を差し戻す', 'Return selected'],
  approveClean: ['条件に合う問題なしをすべて承認', 'Approve every clean item matching the filter'],
  confirmClean: [
    '絞り込み条件に合い、判定が「可」の決裁をすべて承認しますか？',
    'Approve every pending item that matches the filter and whose verdict is allow?',
  ],
  selectAll: ['すべて選択', 'Select all'],
  nothingSelected: ['項目を選んでください。', 'Select some items first.'],
  // what the server would refuse item by item, said before anything is sent
  cannotReject: [
    '代決の案件と後閲・供覧は却下できません。',
    'Items you decide as a deputy (代決), and 後閲 or 供覧 items, cannot be rejected.',
  ],
  commentNeeded: [
    '却下・差し戻し・不同意には理由をコメントに書いてください。',
    'Say why in the comment: rejecting, returning or disagreeing needs one.',
  ],
  cannotReturn: [
    '後閲・供覧は差し戻せません（確認だけできます）。',
    'A 後閲 or 供覧 item cannot be returned, only acknowledged.',
  ],
  // a special approval (要例外承認) is the approver's own judgement of one case: never ticked along unawares
  confirmSpecial: [
    '選択に「要例外承認」の申請が含まれています。一件ずつ内容を確かめたうえで承認しますか？',
    'The selection holds requests that need a special approval (要例外承認). Have you checked each one? Approve them?',
  ],
  specialCount: ['要例外承認の件数', 'Needing special approval'],
  confirmReject: [
    '却下します。却下した申請は元に戻せません（申請者は新しく申請し直します）。よろしいですか？',
    'Reject? A rejected request cannot be reopened (the requester must file a new one).',
  ],
  rejectCount: ['却下する件数', 'Items to reject'],
  nothingClean: [
    '絞り込み条件に合い、判定が「可」の未処理の決裁はありません。',
    'No pending item matching the filter has the verdict allow.',
  ],
  leftOut: ['選択から除いた件数', 'Left out of the selection'],
  goOnWith: ['残りを処理しますか？', 'Go on with the rest?'],
  decided: ['件を処理しました', 'decided'],
  tickedCount: ['件を選択中', 'ticked'],
  failed: ['件は処理できませんでした', 'not decided'],
  onBehalfOf: ['代決', 'on behalf of'],
  approver: ['決裁者', 'Approver'],
  pending: ['未決', 'Pending'],
  oldestAge: ['最古（業務時間）', 'Oldest (working h)'],
  overdue: ['期限超過', 'Overdue'],
  absent: ['不在', 'Absent'],
  forecast: ['不在中に期限', 'Due while away'],
  kouetsu: ['後閲', 'Post-review'],
  inform: ['供覧', 'For information'],
  reviewed: ['確認済', 'Reviewed'],
  reassigned: ['担当替え', 'moved'],
  passedOn: ['次の決裁へ', 'Passed to the next step'],
  notReviewed: ['未確認', 'not yet reviewed'],
  notFoundMovedOn: [
    'あなたに届いていた案件なら、その後ほかの人に移されたか（振替・代決の終了）、申請が取り下げられたため、表示できません。',
    'If this item came to you before, it has since moved to someone else (a reroute, or the end of your standing in as deputy) or was withdrawn, and is no longer yours to open.',
  ],
  reviewClosed: ['確認不要（申請は取消し等）', 'no longer needed (the request was given up)'],
  due: ['期限', 'Due'],
  reroute: ['振替（管理者・上司）', 'Reroute (admins and superiors)'],
  toStaff: ['振替先（名前・かな・職員ID）', 'To (name, kana or staff id)'],
  staffSearchHint: ['名前・かな・職員ID', 'name, kana or id'],
  staffNone: ['該当する職員はいません。', 'No one matches.'],
  staffMore: [
    'ほかにも該当者がいます。続けて入力して絞り込んでください。',
    'More match: type more to narrow them down.',
  ],
  firstDeputy: ['空欄：最初の在席代決者', 'blank: first present deputy'],
  firstPresentDeputy: ['最初の在席代決者', 'the first present deputy'],
  reasonRequired: ['振替の理由を記入してください。', 'Give a reason for the reroute.'],
  nothingToReroute: [
    '振り替える決裁待ちはありません（後閲・供覧は振り替えません）。',
    'Nothing here to reroute (post-reviews and items for information stay with their holder).',
  ],
  heldShort: ['代決者のもと:', 'with deputies:'],
  heldByDeputies: [
    '代決者がこの決裁者に代わって持っている未決（代決）：',
    'Held by deputies in this approver’s place (代決):',
  ],
  confirmReroute: ['この決裁者の未決をすべて振り替えますか？', 'Move every pending item of this approver?'],
  movable: ['試算：振替できる件数', 'Preview, items that can be moved'],
  moved: ['振替済み', 'Moved'],
  shown: ['件を表示', 'shown'],
  preview: ['試算', 'Preview'],
  doReroute: ['振り替える', 'Reroute'],
  yes: ['はい', 'yes'],
  hours: ['時間', 'h'],
  // the backlog's age, as deadlines count it (the inbox's is clock hours)
  workingHours: ['業務時間', ' working h'],
  loading: ['読み込み中…', 'Loading…'],
  notFoundPage: ['ページが見つかりません。', 'No such page.'],
  saved: ['保存しました。', 'Saved.'],
  inputKept: ['保存していない入力を戻しました。', 'What you had typed and not saved is back.'],
  fileLike: ['この内容で新規申請', 'New request like this'],
  filledLike: [
    '日付のほかは次の申請と同じ内容を入れました。日付を指定してください:',
    'Filled in as this request but for its days; name the days:',
  ],
  confirmReplaceKept: [
    '新規申請の保存していない入力があります。この申請の内容に置き換えますか？',
    'A new request you started is not saved. Replace what you typed with this request?',
  ],
  keptOutdated: [
    'この申請は別の画面で変更されたため、保存していなかった入力は破棄しました。今の内容を表示しています。',
    'This request was changed elsewhere meanwhile, so what you had typed and not saved was dropped; it shows as it is now.',
  ],
  discardInput: ['入力を消して最初から', 'Clear it and start afresh'],
  mainMenu: ['メインメニュー', 'Main menu'],
  keptUnsent: [
    '入力した内容は保存しましたが、申請はしていません。直してから申請するか、不要なら取り下げてください。',
    'What you entered is saved, but nothing was submitted: correct it and submit, or withdraw it if you no longer need it.',
  ],
};
const ENUMS = {
  // whose event log an entry of the record check is (GET /requests/{id}/audit)
  machine: {
    'remote-work-request': ['申請', 'Request'],
    'kessai-queue': ['決裁ルート', 'Approval route'],
    'supervisor-decision': ['案件', 'Task'],
  },
  status: {
    draft: ['下書き', 'draft'],
    awaitingDecision: ['決裁待ち', 'awaiting decision'],
    returned: ['差戻し', 'returned'],
    approved: ['承認', 'approved'],
    rejected: ['却下', 'rejected'],
    withdrawn: ['取下げ', 'withdrawn'],
    cancelled: ['取消し', 'cancelled'],
    revoked: ['承認取消し', 'approval revoked'],
    expired: ['期限切れ', 'expired'],
  },
  outcome: { allow: ['可', 'allow'], needs_exception: ['要例外承認', 'needs exception'], deny: ['不可', 'deny'] },
  ruleOutcome: {
    pass: ['適合', 'pass'],
    deny: ['不可', 'deny'],
    needs_exception: ['要例外承認', 'needs exception'],
    warn: ['注意', 'warn'],
    skipped: ['対象外', 'skipped'],
  },
  part: {
    full: ['終日', 'full day'],
    am: ['午前', 'morning'],
    pm: ['午後', 'afternoon'],
    hours: ['時間単位', 'hours'],
  },
  location: { home: ['自宅', 'home'], satellite: ['サテライト', 'satellite office'], other: ['その他', 'other'] },
  tier: {
    internet: ['インターネット', 'internet'],
    lgwan: ['LGWAN', 'LGWAN'],
    mynumber: ['マイナンバー系', 'My Number'],
  },
  absenceKind: {
    leave: ['休暇', 'leave'],
    trip: ['出張', 'business trip'],
    telework: ['テレワーク', 'telework'],
    other: ['その他', 'other'],
  },
  absenceSource: { manual: ['手入力', 'registered'], telework: ['テレワーク申請', 'telework request'] },
  kind: {
    approval: ['決裁', 'approval'],
    consult: ['合議', 'consult'],
    inform: ['供覧', 'inform'],
    kouetsu: ['後閲', 'post-review'],
  },
  kouetsuReason: {
    daiketsu: ['代決', 'decided in their place by'],
    pulledForward: ['引上げ', 'pulled forward by'],
    escalated: ['期限超過で引上げ', 'escalated to'],
    skippedAbsent: ['不在のため省略', 'skipped while away'],
  },
  routeState: {
    inProgress: ['決裁中', 'in progress'],
    approved: ['決裁済（承認）', 'approved'],
    rejected: ['却下', 'rejected'],
    returned: ['差戻し', 'returned'],
    withdrawn: ['取下げ', 'withdrawn'],
  },
  stepStatus: {
    waiting: ['未到達', 'waiting'],
    open: ['回付中', 'open'],
    done: ['済', 'done'],
    skipped: ['省略（後閲）', 'skipped'],
    circulated: ['供覧済', 'circulated'],
    closed: ['終了', 'closed'],
    notReached: ['未到達（ルート終了）', 'not reached (route ended)'],
  },
  stepKind: { approve: ['決裁', 'approval'], consult: ['合議', 'consultation'], inform: ['供覧', 'for information'] },
  stepVerdict: {
    approve: ['承認', 'approved'],
    reject: ['却下', 'rejected'],
    return: ['差戻し', 'returned'],
    agree: ['同意', 'agreed'],
    disagree: ['不同意', 'disagreed'],
    deemedAgree: ['同意とみなす', 'deemed agreed'],
  },
  registration: {
    pending: ['承認待ち', 'awaiting approval'],
    approved: ['承認済み', 'approved'],
    rejected: ['却下', 'rejected'],
    withdrawn: ['取下げ', 'withdrawn'],
    revoked: ['取消し', 'revoked'],
  },
  event: {
    'workflow.started': ['作成', 'created'],
    'request.edit': ['修正', 'edited'],
    'request.submit': ['申請', 'submitted'],
    'request.withdraw': ['取下げ', 'withdrawn'],
    'request.notify': ['届出（登録により承認）', 'filed as a notice (registration)'],
    'request.cancel': ['取消し', 'cancelled'],
    'decision.approved': ['承認', 'approved'],
    'decision.revoked': ['承認取消し', 'approval revoked'],
    'decision.rejected': ['却下', 'rejected'],
    'decision.returned': ['差戻し', 'returned'],
    'deadline.expired': ['期限切れ', 'expired'],
  },
  role: {
    staff: ['職員', 'staff'],
    supervisor: ['所属長', 'supervisor'],
    admin: ['管理者', 'admin'],
    auditor: ['監査', 'auditor'],
  },
  employment: {
    regular: ['正規職員', 'regular'],
    fixed_term: ['会計年度任用職員', 'fixed-term'],
  },
  grade: {
    staff: ['主事', 'staff'],
    shunin: ['主任', 'senior staff'],
    kakaricho: ['係長', 'chief'],
    kacho_hosa: ['課長補佐', 'deputy section head'],
    kacho: ['課長', 'section head'],
    bucho: ['部長', 'department head'],
    fukushicho: ['副市長', 'deputy mayor'],
    shicho: ['市長', 'mayor'],
  },
};

let lang = localStorage.getItem('teleflow.lang') || (navigator.language?.startsWith('ja') ? 'ja' : 'en');
const li = () => (lang === 'ja' ? 0 : 1);
const t = (key) => LABELS[key]?.[li()] ?? key;
const en = (group, value) => (value == null ? '' : (ENUMS[group]?.[value]?.[li()] ?? String(value)));
/** A bilingual message of the API ({ ja, en }). */
const msg = (m) => (m && typeof m === 'object' ? (m[lang] ?? m.en ?? '') : String(m ?? ''));

// ---------------------------------------------------------------- DOM
/** Builds an element; strings and numbers become text nodes, never HTML. Children: nodes, text, arrays of them. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'onclick' && tag === 'button') el.addEventListener('click', whileBusy(el, v));
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}
/** An async function that runs one call at a time: a call while one runs gets that one's promise. */
function once(fn) {
  let running = null;
  return (...args) => (running ??= fn(...args).finally(() => (running = null)));
}
/** A button's handler that returns a promise keeps the button disabled until it settles: no double submits. */
function whileBusy(button, handler) {
  return async (ev) => {
    if (button.disabled) return;
    const r = handler(ev);
    if (!r || typeof r.then !== 'function') return;
    const focused = document.activeElement === button;
    button.disabled = true; // (a disabled button loses the focus: it goes back once it is enabled)
    try {
      await r;
    } finally {
      button.disabled = button.dataset.held !== undefined; // (one the page holds off meanwhile stays off)
      const active = button.ownerDocument?.activeElement; // (none once the page is gone)
      if (focused && button.isConnected && (!active || active === button.ownerDocument.body)) button.focus();
    }
  };
}
function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
const main = () => document.getElementById('main');
/** A phone's or a small tablet's width (where app.css shows lists as cards): some parts start folded there. */
const narrowScreen = () => window.matchMedia?.('(max-width: 800px)').matches ?? false;
function show(...children) {
  const m = main();
  m.replaceChildren();
  append(m, children);
  m.focus({ preventScroll: true });
}
function toast(text) {
  const box = document.getElementById('toast');
  const el = h('div', {}, text);
  box.append(el);
  setTimeout(() => el.remove(), 5000);
}
/** A policy version as people read it: its label (telework.yaml `version:`) and the start of its hash. */
const versionText = (label, hash) => (label ? `${label} (${hash.slice(0, 12)})` : hash.slice(0, 12));
const badge = (cls, text) => h('span', { class: `badge ${cls ?? ''}` }, text);
/** Asks `question` (a label key) with the facts it turns on, a line each: `[labelKey, value]`. */
const ask = (question, ...facts) => confirm([t(question), ...facts.map(([k, v]) => `${t(k)}: ${v}`)].join('\n'));
/** Who activated a policy version: a staff id, or the file loaded at start. */
const byWhom = (v) =>
  v.activatedBy === 'file'
    ? t('byFile')
    : v.activatedByPerson
      ? h('span', { title: v.activatedBy }, person(v.activatedByPerson))
      : (v.activatedBy ?? '');
/** A version's comment; a file loaded at start says so in the page's language. */
const versionNote = (v) =>
  v.activatedBy === 'file' && /^loaded from /.test(v.comment ?? '')
    ? `${t('loadedFrom')} ${v.comment.slice('loaded from '.length).split('/').pop()}` // (older versions kept the path)
    : (v.comment ?? '');
/** The form labels of the API's fields (LABELS keys), for the fields an error names. */
const FIELD_LABELS = {
  date: 'date',
  from: 'from',
  to: 'to',
  startTime: 'startTime',
  endTime: 'endTime',
  part: 'part',
  location: 'location',
  satelliteOfficeId: 'satellite',
  locationText: 'locationText',
  deviceId: 'device',
  reason: 'reason',
  contact: 'contact',
  tasks: 'tasks',
  description: 'task',
  networkTier: 'tier',
  confidentiality: 'confidentiality',
  system: 'businessSystem',
  workDate: 'date',
  workFrom: 'workFrom',
  workTo: 'workTo',
  locations: 'places',
  comment: 'comment',
  staffId: 'staffId',
  kind: 'absenceKind',
  deputyId: 'deputy',
  rank: 'rank',
  classes: 'classes',
  content: 'content',
};
/** An API field path in the page's words: `tasks.0.description` → 業務 1 › 業務内容 (the path stays in the title). */
const fieldLabel = (path) =>
  path
    .replace(/^decisions\.\d+\.?/, '') // the items of one bulk call share their comment: said once, as the form's
    .split('.')
    .reduce((out, seg) => {
      if (/^\d+$/.test(seg) && out.length) out[out.length - 1] += ` ${Number(seg) + 1}`;
      else if (seg) out.push(FIELD_LABELS[seg] ? t(FIELD_LABELS[seg]) : seg);
      return out;
    }, [])
    .join(' › ');
/** A policy file's problem (file:line:column aside) in the page's language. */
const fileProblemText = (e) =>
  `${e.path ? `${e.path} — ` : ''}${lang === 'ja' ? (e.messageJa ?? e.message) : e.message}`;
/** What one entry of an error's details says: a field and its problems, or a policy file's problem. */
const detailText = (d) =>
  d && typeof d.field === 'string'
    ? `${fieldLabel(d.field)}: ${(d.messages ?? d.problems ?? []).map(msg).join(lang === 'ja' ? ' ' : '; ')}`
    : d && typeof d.file === 'string'
      ? `${d.file}:${d.line}:${d.column} ${fileProblemText(d)}`
      : typeof d === 'string'
        ? d
        : JSON.stringify(d);
/** An API error for people: its message, the fields it names, and a refusing verdict's reasons. */
/** An API error's message, and its code beside it, small: for the help desk, not the first thing a reader reads. */
const messageWithCode = (e) => [msg(e.message), ' ', h('span', { class: 'small code' }, `(${e.code})`)];
const errorBox = (e) =>
  h(
    'div',
    {},
    h(
      'div',
      { class: 'error', role: 'alert' },
      e instanceof ApiError ? messageWithCode(e) : String(e),
      // the same problem of several items (one comment sent for all) is said once
      Array.isArray(e.details)
        ? h(
            'ul',
            { class: 'small' },
            [...new Map(e.details.map((d) => [detailText(d), d?.field])).entries()].map(([text, field]) =>
              h('li', { title: field }, text),
            ),
          )
        : null,
    ),
    e.details?.verdict ? verdictView(e.details.verdict) : null,
    // a clash with another request of one's own: which one, to open it
    e instanceof ApiError && e.code === 'REQUEST_OVERLAPS' && typeof e.details?.requestId === 'string'
      ? h('p', {}, clashLink(e.details))
      : null,
    // followed from a notice of an item that has since moved on (rerouted, or back to its approver): why
    e instanceof ApiError && e.code === 'REQUEST_NOT_FOUND' ? h('p', { class: 'muted' }, t('notFoundMovedOn')) : null,
  );
/**
 * A text written in both languages as "one / the other" (a routing reason, a device's label), as its half in
 * the page's language; any other text as it is. (代決, 後閲 and 引上げ stay in English halves: they are terms.)
 */
const inLang = (text) => {
  const halves = String(text).split(' / ');
  const japanese = (x) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(x.replace(/代決|後閲|引上げ/g, ''));
  return halves.length === 2 && japanese(halves[0]) !== japanese(halves[1])
    ? halves.find((x) => japanese(x) === (lang === 'ja'))
    : String(text);
};
/** A device by its label in the page's language, with its id where that half leaves it out ("貸与PC PC-083"). */
const deviceName = (d) => {
  const label = inLang(d.label);
  return d.id && !label.includes(d.id) ? `${label} ${d.id}` : label;
};
/** A link to another request of one's own that takes the same time ({ requestId, date }: REQUEST_OVERLAPS, overlaps). */
const clashLink = (c) =>
  h('a', { href: `#/requests/${encodeURIComponent(c.requestId)}` }, t('openClash'), ' ', c.date ?? '');
/** A person ({ name, nameRomaji }) in the page's language. */
const person = (p) => (lang === 'en' && p.nameRomaji ? p.nameRomaji : p.name);
/** A department, section or office ({ nameJa, nameEn }) in the page's language. */
const named = (x) => (lang === 'ja' ? x.nameJa : x.nameEn);
/**
 * A moment as the organisation's clock reads it (Japan), YYYY-MM-DD HH:MM in both languages, as the work dates
 * beside it are written (en-GB's 01/12/2026 read as 12 January to some; the browser's own time zone put a
 * request's events on the day before).
 */
const WHEN = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const when = (iso) => {
  if (!iso) return '';
  const p = Object.fromEntries(WHEN.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};
const dates = (from, to) => (from === to ? from : `${from} – ${to}`);
/** `dates` for a list's cell: a narrow card breaks the line between the days, never inside one (2026-12- / 09). */
const datesCell = (from, to) =>
  from === to
    ? h('span', { class: 'nowrap' }, from)
    : [h('span', { class: 'nowrap' }, from), ' – ', h('span', { class: 'nowrap' }, to)];

// ---------------------------------------------------------------- API
class ApiError extends Error {
  constructor(status, body) {
    super(body?.code ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? `HTTP_${status}`;
    this.message = body?.message ?? { ja: `エラー（HTTP ${status}）`, en: `Error (HTTP ${status})` };
    this.details = body?.details;
  }
}
const session = {
  get token() {
    return sessionStorage.getItem('teleflow.token');
  },
  set token(v) {
    if (v) sessionStorage.setItem('teleflow.token', v);
    else sessionStorage.removeItem('teleflow.token');
  },
  me: null,
};

/** The session's credentials, for a call to the API (api, or a download that is no JSON). */
const signedIn = () => (session.token ? { authorization: `Bearer ${session.token}` } : {});

async function api(method, path, body) {
  const headers = { accept: 'application/json', ...signedIn() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const asked = navigation;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', // always the current state (the API says so too)
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.status === 401 && path !== '/api/v1/auth/demo-login') {
    // the session ended (expired): whoever logs in next starts afresh, as after a logout
    forgetSession();
    location.hash = '#/login';
  }
  // the page that asked for something is gone (a slow answer, a quick click elsewhere): it draws
  // nothing more, where it would have covered the page one went to. An action's answer still counts
  // (a saved draft goes on to its page, rather than being saved twice)
  if (asked !== navigation && method === 'GET') return new Promise(() => {});
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

// ---------------------------------------------------------------- frame
const isApprover = () => session.me?.roles.some((r) => r === 'supervisor' || r === 'admin');
/** Admins and auditors read everything (as the API's readsEverything). */
const readsAll = () => session.me?.roles.some((r) => r === 'admin' || r === 'auditor');
const can = {
  // anyone may hold a task (供覧 goes to staff, a deputy may supervise no one): everyone has an inbox
  decide: () => true,
  team: () => session.me?.roles.includes('supervisor') || readsAll(),
  backlog: () => isApprover(),
  // approvers, and deputies: one who stands in for an approver registers when they are away too
  away: () => isApprover() || session.me?.deputyFor?.length > 0,
  // everyone reads their own department's attendance; admins and auditors every department
  attendance: () => true,
  policies: () => session.me?.roles.includes('admin'),
  // the personnel section pays the allowance: admins and auditors read everyone's figure
  allowance: () => readsAll(),
  notifications: () => true,
};

/** How many items wait in one's box, beside the inbox in the menu (nothing when none does). */
function showInboxCount(total) {
  const a = document.querySelector('#nav a[data-key=inbox]');
  a?.querySelector('.badge')?.remove();
  if (a && total) a.append(badge('count', String(total)));
}

function frame(current) {
  const nav = document.getElementById('nav');
  const links = [['requests', '#/requests']];
  if (can.team()) links.push(['team', '#/team']);
  if (can.decide()) links.push(['inbox', '#/inbox']);
  if (can.backlog()) links.push(['backlog', '#/backlog']);
  if (can.away()) links.push(['away', '#/away']);
  if (can.attendance()) links.push(['attendance', '#/attendance']);
  if (can.allowance()) links.push(['allowance', '#/allowance']);
  if (can.policies()) links.push(['policies', '#/policies']);
  links.push(['notifications', '#/notifications']);
  const anchors = (session.me ? links : []).map(([key, href]) =>
    h('a', { href, 'data-key': key, 'aria-current': current === key ? 'page' : null }, t(key)),
  );
  nav.setAttribute('aria-label', t('mainMenu')); // (read out in the page's language)
  nav.replaceChildren(...anchors, h('a', { href: '/api/docs', target: '_blank', rel: 'noopener' }, t('apiDocs')));
  if (session.me) {
    // how many notifications wait unread, beside their link (the page itself does not wait for it)
    api('GET', '/api/v1/notifications?limit=1')
      .then((r) => r.unread && anchors.at(-1).append(' ', badge('warn', String(r.unread))))
      .catch(() => {});
    // and how many items wait in one's box, beside the inbox: what a supervisor looks for first each morning
    // (the inbox page reads its box's counts itself, and says it from those)
    if (current !== 'inbox' && anchors.some((a) => a.dataset.key === 'inbox'))
      api('GET', '/api/v1/inbox/summary')
        .then((r) => showInboxCount(r.total))
        .catch(() => {});
  }
  const who = document.getElementById('who');
  who.replaceChildren();
  if (session.me) {
    const me = session.me;
    who.title = named(me.department); // on hover: the header stays on one line beside the navigation
    append(who, [
      `${person(me)} (${me.id}) `,
      h('button', { type: 'button', class: 'link', onclick: logout }, t('logout')),
    ]);
  }
  // the button names the other language in that language: its visible text is its name (WCAG 2.5.3)
  const other = document.getElementById('lang');
  other.textContent = t('otherLang');
  other.lang = lang === 'ja' ? 'en' : 'ja';
}

/** Marks the page's place in the navigation once the page knows it (a request: one's own, or one to decide). */
function markNav(key) {
  for (const a of document.querySelectorAll('#nav a[data-key]')) {
    if (a.dataset.key === key) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function logout() {
  forgetSession();
  location.hash = '#/login';
}

/** Forgets who was logged in and what they left on the pages (filters, ticks, drafts): the next person is someone else. */
function forgetSession() {
  session.token = null;
  session.me = null;
  loginSearch = ''; // the next person starts with the whole list
  Object.assign(attendanceView, { from: '', to: '', departmentId: '' }); // nor inherits this one's period
  Object.assign(inboxView, { applied: {}, sort: 'oldest', comment: '', picked: new Set() }); // or inbox
  Object.assign(teamView, { status: '', from: undefined, to: undefined, scope: '' });
  requestsView.status = '';
  Object.assign(allowanceView, { month: '', departmentId: '', dueOnly: false });
  Object.assign(backlogView, { departmentId: '', attention: null });
  policyDrafts.clear(); // an admin's unsaved edits are theirs
  formsKept.clear(); // and so is what was typed in a request form
  placeLeft = placeBack = null; // and where their lists were left
  formInProgress = null;
  policyOpen = null;
  afterLogin = null;
  document.getElementById('who').title = '';
}

// ---------------------------------------------------------------- pages
const routes = [
  [/^#\/login$/, loginPage, null],
  [/^#\/requests$/, requestsPage, 'requests'],
  [/^#\/requests\/new$/, () => requestForm(null), 'requests'],
  [/^#\/requests\/([0-9a-f-]{36})\/edit$/, (id) => requestForm(id), 'requests'],
  [/^#\/requests\/([0-9a-f-]{36})$/, requestPage, 'requests'],
  [/^#\/team$/, teamPage, 'team'],
  [/^#\/inbox$/, inboxPage, 'inbox'],
  [/^#\/backlog$/, backlogPage, 'backlog'],
  [/^#\/backlog\/([^/]+)$/, approverPage, 'backlog'],
  [/^#\/away(?:\/([^/]+))?$/, awayPage, 'away'],
  [/^#\/attendance$/, attendancePage, 'attendance'],
  [/^#\/allowance$/, allowancePage, 'allowance'],
  [/^#\/policies$/, policiesPage, 'policies'],
  [/^#\/notifications$/, notificationsPage, 'notifications'],
];

/** Counts the pages drawn: an answer that comes after one has gone elsewhere belongs to no page (see api). */
let navigation = 0;
/** The address of the page drawn last (see placeLeft). */
let lastHash = null;

async function route() {
  navigation++;
  // a request form left for another page keeps what was typed: opened again, it comes back with it
  // (a form saved meanwhile has let go of it: see requestForm)
  keepForm(true);
  const hash = location.hash || '#/requests';
  // straight back from an item opened from a list: that list's place is drawn again; on the way to the item it
  // waits; anywhere else, it is forgotten
  placeBack = null;
  if (placeLeft && hash === placeLeft.hash && lastHash === placeLeft.target) [placeBack, placeLeft] = [placeLeft, null];
  else if (placeLeft && hash !== placeLeft.target) placeLeft = null;
  lastHash = hash;
  if (!session.token && hash !== '#/login') {
    afterLogin = hash; // a link opened in a new tab, or a bookmark: go there once logged in
    location.hash = '#/login';
    return;
  }
  if (session.token && !session.me) {
    try {
      session.me = await api('GET', '/api/v1/me');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) show(errorBox(e));
      return;
    }
  }
  for (const [re, page, key] of routes) {
    const m = re.exec(hash);
    if (!m) continue;
    if (key && key !== 'requests' && !can[key === 'inbox' ? 'decide' : key]()) {
      location.hash = '#/requests';
      return;
    }
    frame(key);
    show(h('p', { class: 'muted' }, t('loading')));
    const drawing = navigation;
    try {
      // (an optional part of the address left out stays undefined)
      await page(...m.slice(1).map((x) => (x === undefined ? undefined : decodeURIComponent(x))));
      // back from one of its items: where the list was left (its rows are back: see paged)
      if (placeBack?.scrollY && drawing === navigation) window.scrollTo(0, placeBack.scrollY);
    } catch (e) {
      show(errorBox(e));
    }
    return;
  }
  frame(null);
  show(h('p', {}, t('notFoundPage')));
}

async function loginPage() {
  let users;
  try {
    users = await api('GET', '/api/v1/auth/demo-users');
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'NOT_FOUND')) throw e;
    const input = h('input', { type: 'password', autocomplete: 'off', 'aria-label': t('tokenTitle') });
    return show(
      h('h1', {}, t('tokenTitle')),
      h('p', {}, t('tokenHelp')),
      h(
        'form',
        {
          class: 'actions',
          onsubmit: (ev) => {
            ev.preventDefault();
            session.token = input.value.trim();
            location.hash = landing();
          },
        },
        input,
        h('button', {}, t('login')),
      ),
    );
  }
  const list = h('div', { class: 'pick' });
  /** A user to pick: name, then id, section, grade, employment, roles, and what waits in their box. */
  const pick = (u) =>
    h(
      'button',
      { type: 'button', onclick: () => login(u.id).catch((e) => toast(msg(e.message))) },
      h('strong', {}, `${u.name} (${u.nameRomaji})`),
      u.waiting ? [' ', badge('warn', `${t('waitingBox')} ${u.waiting}`)] : null,
      h('br'),
      h(
        'span',
        { class: 'small muted' },
        `${u.id} · ${named(u.section)} · ${en('grade', u.grade)} · ${en('employment', u.employmentType)} · ${u.roles.map((x) => en('role', x)).join(', ')}`,
      ),
    );
  // (the demo's first start files some days of telework: the busiest boxes are where to begin)
  const busiest = [...users]
    .filter((u) => u.waiting > 0)
    .sort((a, b) => b.waiting - a.waiting || a.id.localeCompare(b.id))
    .slice(0, 3);
  const startHere = h('section', { class: 'start-here' });
  const count = h('p', { class: 'small muted', role: 'status' });
  const search = h('input', {
    type: 'search',
    placeholder: t('search'),
    'aria-label': t('search'),
    size: 36, // (room for the placeholder: cut short, it read "Search (name, id, depa")
    value: loginSearch, // kept across a switch of language
  });
  const render = () => {
    loginSearch = search.value;
    const q = search.value.trim().toLowerCase();
    const hits = users.filter((u) =>
      [
        u.id,
        u.name,
        u.nameRomaji,
        u.department.nameJa,
        u.department.nameEn,
        u.section.nameJa,
        u.section.nameEn,
        u.grade,
        ENUMS.grade[u.grade],
        // both languages' words find them, whichever the page shows (会計年度, fixed-term)
        u.employmentType,
        ENUMS.employment[u.employmentType],
      ]
        .join(' ')
        .toLowerCase()
        .includes(q),
    );
    count.textContent = `${Math.min(hits.length, 60)} / ${hits.length} ${t('shown')}`;
    list.replaceChildren(...hits.slice(0, 60).map(pick));
    // (looking for someone: the list is theirs)
    startHere.replaceChildren(
      ...(busiest.length && !q ? [h('h2', {}, t('startHere')), h('div', { class: 'pick' }, busiest.map(pick))] : []),
    );
  };
  search.addEventListener('input', render);
  render();
  show(
    h('h1', {}, t('loginTitle')),
    h('p', { class: 'muted' }, t('loginHelp')),
    startHere,
    h('p', {}, search),
    count,
    list,
  );
  search.focus();
}

/** What the login picker was searching for (the page is drawn again when the language changes). */
let loginSearch = '';

async function login(staffId) {
  const { token } = await api('POST', '/api/v1/auth/demo-login', { staffId });
  session.token = token;
  session.me = null;
  location.hash = landing();
}

/** The page a login was asked for on the way (see route), else My requests. */
let afterLogin = null;
function landing() {
  const to = afterLogin ?? '#/requests';
  afterLogin = null;
  return to;
}

// ---- my requests
/** The status one's requests are listed by: kept when the page is drawn again (back from a request, language). */
const requestsView = { status: '' };

async function requestsPage() {
  const status = statusFilter();
  status.value = requestsView.status;
  const body = h('tbody');
  const { load, more } = paged(
    body,
    (cursor) => api('GET', `/api/v1/requests${query({ status: status.value, cursor, limit: 50 })}`),
    (r) =>
      h(
        'tr',
        { class: 'clickable', onclick: () => (location.hash = `#/requests/${r.id}`) },
        h('td', {}, h('a', { href: `#/requests/${r.id}` }, datesCell(r.from, r.to))),
        h('td', {}, en('part', r.part), r.part === 'hours' ? ` ${r.startTime}–${r.endTime}` : ''),
        h('td', {}, en('location', r.location)),
        h('td', {}, badge(r.status, en('status', r.status))),
        h('td', {}, r.verdict ? badge(r.verdict.outcome, en('outcome', r.verdict.outcome)) : ''),
        h('td', { class: 'small muted' }, when(r.updatedAt)),
      ),
    () => noneRow(6),
  );
  status.addEventListener('change', () => {
    requestsView.status = status.value;
    load(true).catch((e) => toast(msg(e.message)));
  });
  // the cards are extras: one that cannot load (no policy in force) leaves the list standing
  const extra = (card) => card().catch(() => null);
  const reloadPage = () => requestsPage().catch((e) => toast(msg(e.message)));
  const [telework, allowance, registration] = await Promise.all([
    extra(workTodayCard),
    extra(allowanceLine),
    extra(() => myRegistrationsCard(reloadPage)),
    load(true),
  ]);
  show(
    h('h1', {}, t('requests')),
    telework,
    allowance,
    registration,
    h(
      'div',
      { class: 'actions' },
      h('a', { href: '#/requests/new', class: 'button' }, t('newRequest')),
      h('label', { class: 'inline' }, t('status'), status),
    ),
    dataTable(['dates', 'part', 'location', 'status', 'verdict', 'updated'], null, body),
    h('div', { class: 'actions' }, more),
  );
}

/** A time of day in Japan, HH:MM. */
const clockTime = (iso) =>
  iso
    ? new Date(iso).toLocaleTimeString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
        timeZone: 'Asia/Tokyo',
        hour: '2-digit',
        minute: '2-digit',
      })
    : t('notYet');

/** Today's telework, when an approved request covers today: report its start and end (始業・終業報告). */
async function workTodayCard() {
  const [day] = (await api('GET', '/api/v1/work-reports')).items;
  if (!day) return null;
  const box = h('section', { class: 'card' });
  const render = (d) => {
    const note = h('input', { name: 'workNote', maxlength: 500, size: 40, 'aria-label': t('workNote') });
    note.placeholder = t('workNote');
    const what = d.startedAt ? 'end' : 'start';
    const body = () => (note.value.trim() ? { note: note.value } : {});
    const send = () => {
      // the end is final and its button comes where the start's was: asked first, so a second tap ends nothing
      if (what === 'end' && !confirm(t('confirmEnd'))) return;
      return api('POST', what === 'start' ? '/api/v1/work-reports/start' : '/api/v1/work-reports/end', body())
        .then((d) => {
          render(d);
          toast(t(what === 'start' ? 'startReported' : 'endReported'));
        })
        .catch((e) => toast(msg(e.message)));
    };
    box.replaceChildren(); // (append, not replaceChildren's own list: that would write "null" for what is left out)
    append(box, [
      h('h2', {}, t('workToday'), ' ', h('span', { class: 'small muted' }, d.date)),
      // a request taken back after the start: say so, so that nobody goes on as if it stood
      d.requestStatus === 'approved'
        ? null
        : h('p', { class: 'notice' }, badge(d.requestStatus, en('status', d.requestStatus)), ' ', t('takenBack')),
      h(
        'p',
        {},
        `${en('part', d.part)}${d.part === 'hours' ? ` ${d.startTime}–${d.endTime}` : ''} · `,
        `${t('started')}: ${clockTime(d.startedAt)}`,
        d.earlyStart ? [' ', badge('warn', t('beforeHours'))] : null,
        // the planned start, while it is to come and when the start came before it
        (!d.startedAt || d.earlyStart) && d.plannedStart ? ` (${t('plannedStart')} ${d.plannedStart})` : '',
        ` · ${t('ended')}: ${clockTime(d.endedAt)}`,
        d.plannedEnd ? ` (${t('plannedEnd')} ${d.plannedEnd})` : '',
        d.overtime ? [' ', badge('warn', t('overtime'))] : null,
      ),
      // what one said with the reports, as the supervisor reads it
      d.startNote || d.endNote
        ? h(
            'p',
            { class: 'small muted' },
            [d.startNote ? `${t('started')}: ${d.startNote}` : '', d.endNote ? `${t('ended')}: ${d.endNote}` : '']
              .filter(Boolean)
              .join(' · '),
          )
        : null,
      d.endedAt
        ? null
        : h(
            'div',
            { class: 'actions' },
            note,
            h('button', { type: 'button', onclick: send }, t(what === 'start' ? 'reportStart' : 'reportEnd')),
          ),
    ]);
  };
  render(day);
  return box;
}

/** The telework allowance the policy describes (在宅勤務等手当), as a figure: days per month and whether it is due. */
async function allowanceLine() {
  const a = await api('GET', '/api/v1/allowance');
  if (!a.rule) return null;
  const days = a.months.map((m) => `${m.month}: ${m.days}`).join(', ');
  const due = a.due
    ? badge('pass', msg({ ja: '支給対象の見込み', en: 'likely due' }))
    : badge('closed', msg({ ja: '対象外の見込み', en: 'not due so far' }));
  return h(
    'p',
    { class: 'small' },
    msg({
      ja: `${a.rule.label.ja}の目安：直近${a.rule.months}か月の承認済み日数の月平均 ${a.average}日（${a.rule.minDaysPerMonth}日を超えると対象） `,
      // (the label as the policy names it, heading a sentence)
      en: `${a.rule.label.en.charAt(0).toUpperCase()}${a.rule.label.en.slice(1)}: approved days averaged ${a.average} a month over the last ${a.rule.months} months (due above ${a.rule.minDaysPerMonth}) `,
    }),
    due,
    h('span', { class: 'muted' }, ` (${days})`),
  );
}

/**
 * A button's handler that runs `call`, then draws the page again (`reload`); a refusal shows in
 * `out`, in place of the last one.
 */
const thenReload = (out, reload) => (call) => async () => {
  out.replaceChildren();
  try {
    await call();
    await reload();
  } catch (e) {
    out.append(errorBox(e));
  }
};

/** A registration's period, places and status, with who decided it and why, in the page's language. */
function registrationLine(g) {
  const places = g.locations.map((l) => en('location', l)).join(' · ');
  // who settled it last, and why: a revocation's or a rejection's reason is what its holder needs
  const by = g.endedBy ?? g.decidedBy;
  const why = g.endedBy ? g.endComment : g.comment;
  return [
    `${dates(g.from, g.to)} · ${places} `,
    badge(g.status, en('registration', g.status)),
    by ? h('span', { class: 'small muted' }, ` ${person(by)}${why ? `: ${why}` : ''}`) : null,
  ];
}

/**
 * The caller's telework registrations (テレワーク登録): approved, a day filed within one that every
 * rule allows is approved on filing (届出). Register a period and its places; withdraw one.
 */
/** Every item of a keyset-paged list (`next`), page after page: for lists a card shows whole. */
async function allItems(path) {
  const items = [];
  for (let next; ;) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=200${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
    items.push(...page.items);
    if (!page.next) return items;
    next = page.next;
  }
}

async function myRegistrationsCard(reload) {
  const items = await allItems('/api/v1/registrations');
  const out = h('div');
  const f = {
    from: h('input', { type: 'date', name: 'regFrom', value: today() }),
    to: h('input', { type: 'date', name: 'regTo', value: today(90) }),
    note: h('input', { name: 'regNote', size: 30, maxlength: 1000, 'aria-label': t('regNote') }),
    places: ['home', 'satellite', 'other'].map((l) =>
      h('input', { type: 'checkbox', name: 'regLocation', value: l, checked: l === 'home' }),
    ),
  };
  f.note.placeholder = t('regNote');
  const act = thenReload(out, reload);
  const register = act(async () => {
    await api('POST', '/api/v1/registrations', {
      from: f.from.value,
      to: f.to.value,
      locations: f.places.filter((x) => x.checked).map((x) => x.value),
      ...(f.note.value.trim() ? { note: f.note.value } : {}),
    });
    toast(t('saved'));
  });
  // a registration runs for months: asked first, with what it would say (the button sits above a new request's)
  const registerAsked = () => {
    const places = f.places.filter((x) => x.checked).map((x) => en('location', x.value));
    const said = `${t('confirmRegister')}\n${f.from.value} – ${f.to.value} · ${places.join(', ') || '—'}`;
    return confirm(said) ? register() : undefined;
  };
  const withdraw = (g) => {
    const run = act(() => api('POST', `/api/v1/registrations/${g.id}/withdraw`, { expectedVersion: g.version }));
    return () => (confirm(t('confirmRegWithdraw')) ? run() : undefined);
  };
  // those still running, and those turned down or taken back whose period is not over (with why)
  const live = items.filter((g) => g.status !== 'withdrawn' && (g.status === 'pending' || g.to >= today()));
  const withdrawable = (g) => g.status === 'pending' || g.status === 'approved';
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('registration')),
    h('p', { class: 'small muted' }, t('registrationHelp')),
    live.length
      ? h(
          'ul',
          {},
          live.map((g) =>
            h(
              'li',
              {},
              registrationLine(g),
              ' ',
              withdrawable(g)
                ? h('button', { type: 'button', class: 'secondary', onclick: withdraw(g) }, t('withdrawReg'))
                : null,
            ),
          ),
        )
      : null,
    h(
      'form',
      { class: 'actions', onsubmit: (ev) => ev.preventDefault() },
      h('label', { class: 'inline' }, t('from'), f.from),
      h('label', { class: 'inline' }, t('to'), f.to),
      h(
        'span',
        { role: 'group', 'aria-label': t('places') },
        `${t('places')}: `,
        f.places.map((x) => h('label', { class: 'inline' }, x, en('location', x.value))),
      ),
      f.note,
      h('button', { type: 'button', class: 'secondary', onclick: registerAsked }, t('registerReg')),
    ),
    out,
  );
}

/**
 * Registrations of the caller's staff: those waiting for the caller's decision (approve, or reject
 * saying why) and the approved ones still running (revoke, saying why). Null when there are none.
 */
async function teamRegistrationsCard(reload) {
  const items = await allItems('/api/v1/registrations?scope=team');
  const mine = items.filter(
    (g) => (g.status === 'pending' && g.approver.id === session.me.id) || (g.status === 'approved' && g.to >= today()),
  );
  if (!mine.length) return null;
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('teamRegistrations')),
    h(
      'ul',
      {},
      mine.map((g) => {
        // a refusal shows under the registration it concerns, not under the list
        const out = h('div');
        const act = thenReload(out, reload);
        const why = h('input', { size: 24, 'aria-label': t('regReason') });
        why.placeholder = t('regReason');
        const pending = g.status === 'pending';
        const revoke = act(() =>
          api('POST', `/api/v1/registrations/${g.id}/revoke`, { comment: why.value, expectedVersion: g.version }),
        );
        return h(
          'li',
          {},
          h('strong', {}, `${person(g.staff)} `),
          registrationLine(g),
          g.note ? h('div', { class: 'small' }, g.note) : null,
          h(
            'div',
            { class: 'actions' },
            pending
              ? h(
                  'button',
                  {
                    type: 'button',
                    onclick: act(() =>
                      api('POST', `/api/v1/registrations/${g.id}/decision`, {
                        action: 'approve',
                        expectedVersion: g.version,
                      }),
                    ),
                  },
                  t('approve'),
                )
              : null,
            why,
            pending
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    // asked first, as a request's rejection is (without a reason the server says it needs one)
                    onclick: () =>
                      why.value.trim() && !confirm(t('confirmRegReject'))
                        ? undefined
                        : act(async () => {
                            await api('POST', `/api/v1/registrations/${g.id}/decision`, {
                              action: 'reject',
                              comment: why.value,
                              expectedVersion: g.version,
                            });
                            toast(t('regRejected'));
                          })(),
                  },
                  t('rejectIt'),
                )
              : h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    // asked first, as a request's revocation is (without a reason the server says it needs one)
                    onclick: () => (why.value.trim() && !confirm(t('confirmRegRevoke')) ? undefined : revoke()),
                  },
                  t('revokeReg'),
                ),
          ),
          out,
        );
      }),
    ),
  );
}

/** Who of the caller's staff teleworks today and what each has reported (始業・終業報告). */
async function teamReportsCard() {
  const { date, items } = await api('GET', '/api/v1/work-reports?scope=team');
  if (items.length === 0) return null;
  const said = (d) => [
    d.startNote ? h('div', {}, `${t('started')}: ${d.startNote}`) : null,
    d.endNote ? h('div', {}, `${t('ended')}: ${d.endNote}`) : null,
  ];
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('workReports'), ' ', h('span', { class: 'small muted' }, date)),
    dataTable(
      ['staffMember', 'part', 'started', 'ended', 'notes'],
      items.map((d) =>
        h(
          'tr',
          {},
          h(
            'td',
            { title: d.staff.id, class: 'nowrap' },
            h('a', { href: `#/requests/${d.requestId}` }, person(d.staff)),
            d.requestStatus === 'approved' ? null : [' ', badge(d.requestStatus, en('status', d.requestStatus))],
          ),
          h('td', { class: 'nowrap' }, en('part', d.part), d.part === 'hours' ? ` ${d.startTime}–${d.endTime}` : ''),
          h(
            'td',
            {},
            d.startedAt ? clockTime(d.startedAt) : badge('warn', t('notYet')),
            d.earlyStart ? [' ', badge('warn', t('beforeHours'))] : null,
          ),
          h('td', {}, clockTime(d.endedAt), d.overtime ? [' ', badge('warn', t('overtime'))] : null),
          h('td', { class: 'small note-cell' }, said(d)),
        ),
      ),
    ),
  );
}

/**
 * Who of the caller's staff (everyone below them) teleworks when: their submitted requests over a
 * period (the next two weeks unless changed), the earliest work date first: the coming days as they come.
 */
/** The status and period the team page shows: kept when the page is drawn again (language, back). */
const teamView = { status: '', from: undefined, to: undefined, scope: '' }; // (a period cleared on purpose stays cleared)

async function teamPage() {
  const v = teamView;
  const status = statusFilter((s) => s !== 'draft'); // drafts are their writer's alone
  status.value = v.status;
  // admins and auditors read everyone's (the personnel section: who teleworks when, across the offices)
  const supervises = session.me.roles.includes('supervisor');
  const scope = readsAll()
    ? h(
        'select',
        { name: 'scope' },
        supervises ? h('option', { value: 'team' }, t('scopeTeam')) : null,
        h('option', { value: 'all' }, t('scopeAll')),
      )
    : null;
  // (the choice kept, where this caller is offered it)
  if (scope) scope.value = [...scope.options].some((o) => o.value === v.scope) ? v.scope : scope.options[0].value;
  const scopeOf = () => scope?.value ?? 'team';
  const from = h('input', { type: 'date', name: 'from', value: v.from ?? today() });
  const to = h('input', { type: 'date', name: 'to', value: v.to ?? today(13) });
  const body = h('tbody');
  const { load, more } = paged(
    body,
    (cursor) =>
      api(
        'GET',
        // who is away in the coming days, in the order they come
        `/api/v1/requests${query({ scope: scopeOf(), sort: 'earliest', status: status.value, from: from.value, to: to.value, cursor, limit: 50 })}`,
      ),
    (r) =>
      h(
        'tr',
        { class: 'clickable', onclick: () => (location.hash = `#/requests/${r.id}`) },
        h('td', {}, h('a', { href: `#/requests/${r.id}` }, datesCell(r.from, r.to))),
        h('td', { title: r.requester.id }, person(r.requester)),
        h('td', {}, en('part', r.part), r.part === 'hours' ? ` ${r.startTime}–${r.endTime}` : ''),
        h('td', {}, en('location', r.location)),
        h('td', {}, badge(r.status, en('status', r.status))),
      ),
    () => noneRow(5),
  );
  const reload = () => {
    Object.assign(v, { status: status.value, from: from.value, to: to.value, scope: scope?.value ?? '' });
    return Promise.all([load(true), drawGrid()]).catch((e) => toast(msg(e.message)));
  };
  status.addEventListener('change', reload);
  scope?.addEventListener('change', reload);
  // a period is never backwards (the API refuses one): an end moved past the other takes it along
  for (const [moved, other] of [
    [from, to],
    [to, from],
  ])
    moved.addEventListener('change', () => {
      if (from.value && to.value && from.value > to.value) other.value = moved.value;
      reload();
    });
  // the same requests, a row a person and a column a working day: who is out on Thursday, at a glance
  const grid = h('section', { class: 'card team-grid' });
  const askGrid = latestAnswer();
  const drawGrid = async () => {
    const params = { scope: scopeOf(), status: status.value, from: from.value, to: to.value };
    const latest = askGrid();
    const drawn = await teamGrid(params);
    // (filters changed quickly: only the last one's grid is drawn, whichever answer comes last)
    if (latest()) grid.replaceChildren(...drawn);
  };
  // one's staff's reports and registrations: for one who has staff
  const [reports, registrations] = await Promise.all([
    supervises ? teamReportsCard().catch(() => null) : null,
    supervises ? teamRegistrationsCard(() => teamPage()).catch(() => null) : null,
    load(true),
    drawGrid(),
  ]);
  show(
    h('h1', {}, t('team')),
    registrations,
    reports,
    h(
      'div',
      { class: 'actions' },
      scope ? h('label', { class: 'inline' }, t('scope'), scope) : null,
      h('label', { class: 'inline' }, t('status'), status),
      h('label', { class: 'inline' }, t('from'), from),
      h('label', { class: 'inline' }, t('to'), to),
    ),
    grid,
    dataTable(['dates', 'requester', 'part', 'location', 'status'], null, body),
    h('div', { class: 'actions' }, more),
  );
}

/** The statuses of a request that has someone away on its days: approved, or waiting for its decision. */
const AWAY_STATUSES = ['approved', 'awaitingDecision'];

/** Most requests the day-by-day grid reads (20 pages of 50). */
const GRID_PAGES = 20;

/**
 * The team page's requests (`params`: scope, status, from, to) as a grid: a row a person, a column a working
 * day (the organisation's calendar, GET /api/v1/calendar; weekdays where it cannot say), each cell where
 * and which part of the day, coloured by status and opening its request; under each day, how many are away.
 */
async function teamGrid(params) {
  const items = [];
  let capped = false;
  for (let cursor, n = 0; ; n++) {
    if (n === GRID_PAGES) {
      capped = true;
      break;
    }
    const page = await api('GET', `/api/v1/requests${query({ ...params, sort: 'earliest', cursor, limit: 50 })}`);
    // (those that take someone out of the office, or will once decided: not a returned or withdrawn one)
    items.push(...page.items.filter((r) => AWAY_STATUSES.includes(r.status)));
    if (!page.next) break;
    cursor = page.next;
  }
  const { from, to } = params;
  if (!from || !to) return [h('h2', {}, t('byDay')), h('p', { class: 'muted' }, t('none'))];
  let dates = null;
  if (daysApart(from, to) < 366)
    dates = await api('GET', `/api/v1/calendar${query({ from, to })}`)
      .then((o) => o.days.filter((d) => d.working).map((d) => d.date))
      .catch(() => null);
  dates ??= Array.from({ length: daysApart(from, to) + 1 }, (_, i) => addDays(from, i)).filter(isWeekday);
  // a row a person, in the order of their first day away
  const people = new Map();
  for (const r of items) {
    const row = people.get(r.requester.id) ?? { who: r.requester, byDay: new Map() };
    for (const d of dates) if (d >= r.from && d <= r.to) row.byDay.set(d, [...(row.byDay.get(d) ?? []), r]);
    people.set(r.requester.id, row);
  }
  const rows = [...people.values()].filter((p) => p.byDay.size > 0);
  if (!rows.length || !dates.length) return [h('h2', {}, t('byDay')), h('p', { class: 'muted' }, t('none'))];
  const place = {
    home: { ja: '在宅', en: 'Home' },
    satellite: { ja: 'サテ', en: 'Sat.' },
    other: { ja: '他', en: 'Other' },
  };
  const part = {
    full: null,
    am: { ja: '午前', en: 'AM' },
    pm: { ja: '午後', en: 'PM' },
    hours: { ja: '時間', en: 'hrs' },
  };
  const cell = (r) =>
    h(
      'a',
      {
        href: `#/requests/${r.id}`,
        title: `${en('location', r.location)} · ${en('part', r.part)} · ${en('status', r.status)}`,
      },
      badge(r.status, [msg(place[r.location] ?? place.other), part[r.part] ? ` ${msg(part[r.part])}` : ''].join('')),
    );
  const body = h(
    'tbody',
    {},
    rows.map((p) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', title: p.who.id }, person(p.who)),
        dates.map((d) => h('td', { class: 'attendance' }, (p.byDay.get(d) ?? []).map(cell))),
      ),
    ),
    h(
      'tr',
      { class: 'unit-org' },
      h('th', { scope: 'row' }, t('awayCount')),
      dates.map((d) => h('td', { class: 'attendance' }, String(rows.filter((p) => p.byDay.has(d)).length))),
    ),
  );
  return [
    h('h2', {}, t('byDay')),
    ...(capped ? [h('p', { class: 'small muted' }, t('gridCapped'))] : []),
    h(
      'div',
      { class: 'attendance-table' },
      dataTable(['staffMember', ...dates.map(dayHead)], null, body, { cards: false }),
    ),
  ];
}

/** The month, department and "due only" the allowance page shows: kept when the page is drawn again (language). */
const allowanceView = { month: '', departmentId: '', dueOnly: false };

/**
 * Everyone's telework allowance figure (在宅勤務等手当) for the personnel section that pays it: approved days
 * per month over the policy's months, the average and whether it is due, a row a person, by department; the
 * same as a spreadsheet (GET /api/v1/allowance/report, admins and auditors).
 */
async function allowancePage() {
  const v = allowanceView;
  const month = h('input', { type: 'month', name: 'month', value: v.month || today().slice(0, 7) });
  const r = await api('GET', `/api/v1/allowance/report${query({ month: month.value })}`);
  // the departments of the staff listed, by name, for the filter (the report lists every active person)
  const departments = [...new Map(r.items.map((x) => [x.department.id, x.department])).values()];
  const department = h(
    'select',
    { name: 'department' },
    h('option', { value: '' }, t('wholeOrganisation')),
    departments.map((d) => h('option', { value: d.id }, named(d))),
  );
  department.value = departments.some((d) => d.id === v.departmentId) ? v.departmentId : '';
  const dueOnly = h('input', { type: 'checkbox', name: 'dueOnly', checked: v.dueOnly });
  const body = h('tbody');
  const count = h('span', { class: 'small muted', 'aria-live': 'polite' });
  const draw = () => {
    Object.assign(v, { departmentId: department.value, dueOnly: dueOnly.checked });
    const shown = r.items.filter(
      (x) => (!department.value || x.department.id === department.value) && (!dueOnly.checked || x.due),
    );
    count.textContent = `${shown.length} / ${r.items.length}`;
    body.replaceChildren(
      ...(shown.length
        ? shown.map((x) =>
            h(
              'tr',
              {},
              h(
                'td',
                { title: x.staff.id },
                `${person(x.staff)} (${x.staff.id})`,
                x.active ? null : [' ', badge('closed', t('leftStaff'))],
              ),
              h('td', {}, named(x.department)),
              x.months.map((m) => h('td', {}, String(m.days))),
              h('td', {}, String(x.average)),
              h('td', {}, x.due === null ? '' : x.due ? badge('pass', t('yes')) : ''),
            ),
          )
        : [noneRow(4 + r.months.length)]),
    );
  };
  department.addEventListener('change', draw);
  dueOnly.addEventListener('change', draw);
  month.addEventListener('change', () => {
    if (!month.value) return;
    v.month = month.value;
    allowancePage().catch((e) => toast(msg(e.message)));
  });
  // the spreadsheet is the API's (it needs the session's token: fetched, then saved as a file)
  const download = async () => {
    const res = await fetch(
      `/api/v1/allowance/report${query({ month: r.month, department: department.value, format: 'csv' })}`,
      { headers: signedIn(), cache: 'no-store' },
    );
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: `telework-allowance-${r.month}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  };
  draw();
  show(
    h('h1', {}, t('allowanceTitle')),
    r.rule
      ? h(
          'p',
          { class: 'small' },
          msg({
            ja: `${r.rule.label.ja}：直近${r.rule.months}か月の承認済み日数の月平均が${r.rule.minDaysPerMonth}日を超えると対象。`,
            en: `${r.rule.label.en}: due when approved days average more than ${r.rule.minDaysPerMonth} a month over the last ${r.rule.months} months.`,
          }),
        )
      : h('p', { class: 'small' }, t('noAllowanceRule')),
    h(
      'div',
      { class: 'actions' },
      h('label', { class: 'inline' }, t('month'), month),
      h('label', { class: 'inline' }, t('department'), department),
      h('label', { class: 'inline' }, dueOnly, t('dueOnly')),
      count,
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => download().catch((e) => toast(msg(e.message))) },
        t('downloadCsv'),
      ),
    ),
    dataTable(['staffMember', 'department', ...r.months, 'monthsAverage', 'dueCol'], null, body),
    h('p', { class: 'small muted' }, `${t('policyVersion')}: ${versionText(r.policyLabel, r.policyVersion)}`),
  );
}

/** The period and department the attendance page shows: kept when the page is drawn again (language). */
const attendanceView = { from: '', to: '', departmentId: '' };

/**
 * Office attendance (出勤率) per working day: the whole organisation (admins and auditors), each
 * department and its sections, against the policy's floors and ceilings (GET /api/v1/attendance).
 */
async function attendancePage() {
  const v = attendanceView;
  const from = h('input', { type: 'date', name: 'from', value: v.from || today() });
  const to = h('input', { type: 'date', name: 'to', value: v.to || today(13) });
  const dept = h('select', { name: 'departmentId', 'aria-label': t('department') });
  const out = h('div', { 'aria-live': 'polite' });
  const ask = latestAnswer(); // the answer to the latest change is shown, whichever arrives last
  // the department asked for: the picker's, once it has its options (until then the one kept)
  const picked = () => (dept.options.length ? dept.value : v.departmentId);
  const load = async () => {
    const latest = ask();
    try {
      const o = await api(
        'GET',
        `/api/v1/attendance${query({ from: from.value, to: to.value, departmentId: picked() })}`,
      );
      if (!latest()) return;
      // what is shown is what the inputs say (an emptied field shows the period the server chose)
      Object.assign(v, { from: o.from, to: o.to, departmentId: picked() });
      from.value = o.from;
      to.value = o.to;
      if (dept.options.length === 0 && o.choices.length > 1) {
        // those who read several departments pick one; the first choice is all of them
        append(dept, [
          h('option', { value: '' }, readsAll() ? t('wholeOrganisation') : t('allMine')),
          o.choices.map((d) => h('option', { value: d.id }, named(d))),
        ]);
        dept.value = v.departmentId;
        dept.hidden = false;
      }
      out.replaceChildren(...attendanceTable(o));
    } catch (e) {
      // a refused period says why, where the table was: no numbers of another period stay on show
      if (latest()) out.replaceChildren(errorBox(e));
    }
  };
  from.addEventListener('change', () => {
    // a new start keeps the length of the period, so that moving it never makes it too long
    if (from.value && to.value && (to.value < from.value || daysApart(from.value, to.value) > 30))
      to.value = addDays(from.value, 13);
    load();
  });
  to.addEventListener('change', load);
  dept.addEventListener('change', load);
  dept.hidden = true;
  await load();
  show(
    h('h1', {}, t('attendance')),
    h(
      'div',
      { class: 'actions' },
      h('label', { class: 'inline' }, t('from'), from),
      h('label', { class: 'inline' }, t('to'), to),
      dept,
    ),
    h('p', { class: 'small muted' }, t('attendanceHelp')),
    out,
  );
}

/** A day as a column heads it, in the page's language: 12/3(木), Thu 3/12. */
const dayHead = (date) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'UTC',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  });
/** Monday to Friday (a day the calendar may still close: see GET /api/v1/calendar). */
const isWeekday = (date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
/**
 * For answers that may come back out of order (a field changed again before the last answer came): each call
 * asks anew and returns a check that holds while no later question has been asked, so the last one is shown.
 */
const latestAnswer = () => {
  let asked = 0;
  return () => {
    const mine = ++asked;
    return () => mine === asked;
  };
};
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 864e5).toISOString().slice(0, 10);
const daysApart = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 864e5);

function attendanceTable(o) {
  if (o.dates.length === 0) return [h('p', { class: 'notice' }, t('noWorkingDay'))];
  const rows = [];
  const unitRow = (name, days, cls) =>
    h('tr', { class: cls }, h('th', { scope: 'row' }, name), days.map(attendanceCell));
  if (o.organisation) rows.push(unitRow(t('wholeOrganisation'), o.organisation.days, 'unit-org'));
  for (const d of o.departments) {
    rows.push(unitRow(named(d), d.days, 'unit-dept'));
    for (const s of d.sections) rows.push(unitRow(named(s), s.days, 'unit-section'));
  }
  return [
    h(
      'div',
      { class: 'attendance-table' },
      dataTable(['unit', ...o.dates.map(dayHead)], rows, undefined, { cards: false }),
    ),
    h('p', { class: 'small muted' }, `${t('policyVersion')}: ${versionText(o.policyLabel, o.policyVersion)}`),
  ];
}

/** What the next request meets when a floor has no room left, by the rule's effect. */
const NEXT_REQUEST = {
  deny: { ja: '次の申請は不可', en: 'the next request is refused' },
  needs_exception: { ja: '次の申請は特例承認が必要', en: 'the next needs a special approval' },
  warn: { ja: '次の申請は注意表示', en: 'the next gets a warning' },
};

/** One unit on one day: the share in the office, in/headcount, who is away, and each limit that counts there. */
function attendanceCell(d) {
  const notes = d.limits.map((l) => {
    const floor = l.type === 'attendance_floor';
    const next = NEXT_REQUEST[l.effect] ?? NEXT_REQUEST.warn;
    const text = floor
      ? l.breached
        ? { ja: `下限${l.required}人に${-l.room}人不足`, en: `${-l.room} short of the floor of ${l.required}` }
        : l.room === 0
          ? { ja: `余裕なし（${next.ja}）`, en: `no room left (${next.en})` }
          : { ja: `あと${l.room}人まで余裕`, en: `room for ${l.room} more` }
      : l.breached
        ? { ja: `上限${l.maxPercent}%を超過`, en: `above the ${l.maxPercent}% ceiling` }
        : { ja: `上限${l.maxPercent}%以内`, en: `within the ${l.maxPercent}% ceiling` };
    const cls = l.breached ? 'bad' : floor && l.room === 0 ? 'warn' : 'pass';
    const some = l.appliesTo === 'some' ? msg({ ja: '（一部の職員・申請）', en: ' (some staff or requests)' }) : '';
    return h('div', { title: `${msg({ ja: '規則', en: 'rule' })} ${l.ruleId}${some}` }, badge(cls, msg(text)));
  });
  const away =
    d.approved + d.pending > 0
      ? msg({
          ja: `テレワーク 承認${d.approved}・申請中${d.pending}`,
          en: `telework: ${d.approved} approved, ${d.pending} pending`,
        })
      : '';
  const leave = d.onLeave > 0 ? msg({ ja: `休暇・出張 ${d.onLeave}`, en: `leave or trip: ${d.onLeave}` }) : '';
  return h(
    'td',
    { class: 'attendance' },
    h('strong', {}, `${d.percent}%`),
    h('div', { class: 'small muted' }, `${d.inOffice}/${d.headcount}`),
    away ? h('div', { class: 'small muted' }, away) : null,
    leave ? h('div', { class: 'small muted' }, leave) : null,
    notes,
  );
}

/** A list's filter by request status: any, or one of those `shown` keeps. */
function statusFilter(shown = () => true) {
  return h(
    'select',
    { 'aria-label': t('status') },
    h('option', { value: '' }, t('any')),
    Object.keys(ENUMS.status)
      .filter(shown)
      .map((s) => h('option', { value: s }, en('status', s))),
  );
}

function select(name, group, value, { blank } = {}) {
  return h(
    'select',
    { name },
    blank ? h('option', { value: '' }, blank) : null,
    Object.keys(ENUMS[group]).map((k) => h('option', { value: k, selected: k === value ? true : null }, en(group, k))),
  );
}

/**
 * What the open request form holds, read when the language changes so that the form comes back
 * in the other language with what was typed (see the language button at the end).
 */
let formInProgress = null; // { id, version, like?, read: () => ({ body, range }) }
/**
 * What was typed in request forms and not saved, by request id ('' for a new one): kept when the
 * language changes or the form is left for another page, with the version it was an edit of (a
 * request changed elsewhere meanwhile drops it rather than undo that change). The session's only.
 */
const formsKept = new Map(); // id → { body, range, version, left, like? }
const formKey = (id) => id ?? '';
/** Keeps the form on show, if one is: `left` when its page is left (it says so when opened again). */
function keepForm(left) {
  if (!formInProgress || !main().contains(document.querySelector('form.grid [name=range]'))) return;
  const { id, version, like } = formInProgress;
  formsKept.set(formKey(id), { ...formInProgress.read(), version, left, like });
  formInProgress = null; // kept once: the next page's drawing keeps nothing more
}

/**
 * Opens a new request form filled in as request `r` is, but for its days (and what only those days were:
 * filed afterwards in an emergency, hours beside hourly leave). What a new form left unsaved holds is
 * replaced only when its author agrees.
 */
function fileLike(r) {
  const kept = formsKept.get(formKey(null));
  if (kept?.left && !confirm(t('confirmReplaceKept'))) return;
  const { date: _date, from: _from, to: _to, urgent: _urgent, withLeave: _withLeave, ...like } = bodyOf(r);
  formsKept.set(formKey(null), { body: like, range: 'day', version: null, left: false, like: dates(r.from, r.to) });
  location.hash = '#/requests/new';
}

/** Devices of one kind as a group of the form's device options (none: no group). */
function deviceGroup(label, devices, chosen) {
  if (!devices.length) return null;
  return h(
    'optgroup',
    { label },
    devices.map((d) => h('option', { value: d.id, selected: d.id === chosen ? true : null }, deviceName(d))),
  );
}

/** A confidentiality level as the API takes it: a number where it is one (2), else its name ("3A"). */
const levelValue = (v) => (/^\d+$/.test(v) ? Number(v) : v);

/** The request form: new (id null) or an edit of a draft or returned request. */
async function requestForm(id) {
  const [offices, pool, systems, levels, existing] = await Promise.all([
    api('GET', '/api/v1/satellite-offices'),
    api('GET', '/api/v1/pool-devices'),
    api('GET', '/api/v1/business-systems'),
    api('GET', '/api/v1/confidentiality-levels'),
    id ? api('GET', `/api/v1/requests/${id}`) : Promise.resolve(null),
  ]);
  // only a draft or a returned request is edited: anything else would only be refused on saving
  if (existing && existing.status !== 'draft' && existing.status !== 'returned') {
    return show(
      h('h1', {}, t('edit')),
      h('p', { class: 'notice' }, `${t('notEditable')} (${en('status', existing.status)}).`),
      h('p', {}, h('a', { href: `#/requests/${id}` }, t('backToRequest'))),
    );
  }
  const kept = formsKept.get(formKey(id));
  formsKept.delete(formKey(id));
  // an edit kept from another version of the request would undo what changed it: dropped, saying so
  const stash = kept && kept.version === (existing?.version ?? null) ? kept : null;
  const outdated = kept && !stash;
  const stashed = stash?.body;
  const r = stashed
    ? { ...stashed, from: stashed.date ?? stashed.from, to: stashed.date ?? stashed.to }
    : (existing ?? { part: 'full', location: 'home', tasks: [] });
  const field = (key, input) => h('label', {}, t(key), input);
  const poolGroup = deviceGroup(t('poolDevices'), pool, r.deviceId);
  const oneDay = stash ? stash.range === 'day' : !r.from || r.from === r.to;
  const f = {
    range: h(
      'select',
      { name: 'range' },
      h('option', { value: 'day', selected: oneDay ? true : null }, t('oneDay')),
      h('option', { value: 'range', selected: oneDay ? null : true }, t('dayRange')),
    ),
    date: h('input', { type: 'date', name: 'date', value: oneDay ? r.from : '' }),
    from: h('input', { type: 'date', name: 'from', value: oneDay ? '' : r.from }),
    to: h('input', { type: 'date', name: 'to', value: oneDay ? '' : r.to }),
    part: select('part', 'part', r.part),
    startTime: h('input', { type: 'time', name: 'startTime', value: r.startTime ?? '' }),
    endTime: h('input', { type: 'time', name: 'endTime', value: r.endTime ?? '' }),
    location: select('location', 'location', r.location),
    satelliteOfficeId: h(
      'select',
      { name: 'satelliteOfficeId' },
      offices.map((o) =>
        h('option', { value: o.id, selected: o.id === r.satelliteOfficeId ? true : null }, `${named(o)} (${o.seats})`),
      ),
    ),
    locationText: h('input', { name: 'locationText', value: r.locationText ?? '' }),
    deviceId: h(
      'select',
      { name: 'deviceId' },
      h('option', { value: '' }, t('noDevice')),
      // the caller's own devices, then the shared ones lent per day (most staff hold none of their own),
      // and the one the request names if it is neither
      deviceGroup(t('ownDevices'), session.me.devices, r.deviceId),
      poolGroup,
      r.deviceId && ![...session.me.devices, ...pool].some((d) => d.id === r.deviceId)
        ? deviceGroup(
            t('otherDevice'),
            [r.device ?? existing?.device ?? { id: r.deviceId, label: r.deviceId }],
            r.deviceId,
          )
        : null,
    ),
    reason: h('textarea', { name: 'reason' }, r.reason ?? ''),
    contact: h('input', { name: 'contact', value: r.contact ?? '' }),
    urgent: h('input', { type: 'checkbox', name: 'urgent', checked: r.urgent }),
    withLeave: h('input', { type: 'checkbox', name: 'withLeave', checked: r.withLeave }),
  };
  if (!existing && !stashed && session.me.devices.length) f.deviceId.value = session.me.devices[0].id;
  const tasks = h('div', { class: 'tasks' });
  // the policy's levels, lowest first (1–3, or 3A/3B/3C where it splits 3); a new task starts at the second
  const addTask = (task = { description: '', networkTier: 'lgwan', confidentiality: levels[1]?.level ?? '' }) => {
    const row = h(
      'div',
      // numbered as a problem names it ("業務 3 › 業務内容"): app.css counts the rows, removed ones left out
      { class: 'task-row', 'data-word': t('taskNo') },
      h('label', {}, t('task'), h('input', { name: 'description', value: task.description, required: true })),
      h('label', {}, t('tier'), select('networkTier', 'tier', task.networkTier)),
      h(
        'label',
        {},
        t('confidentiality'),
        h(
          'select',
          { name: 'confidentiality' },
          // a stored level the policy no longer has (3, after 3 was split) stays chosen, marked, so that
          // saving is refused until someone picks a level: never quietly the lowest
          levels.some(({ level }) => level === String(task.confidentiality))
            ? null
            : h(
                'option',
                { value: String(task.confidentiality), selected: true },
                `${task.confidentiality} ${t('notALevel')}`,
              ),
          levels.map(({ level }) =>
            h('option', { value: level, selected: level === String(task.confidentiality) ? true : null }, level),
          ),
        ),
      ),
      // a business system the task needs: one the policy names as unreachable from outside denies the request
      h(
        'label',
        {},
        t('businessSystem'),
        h(
          'select',
          { name: 'system' },
          h('option', { value: '' }, t('noDevice')),
          [
            ...systems,
            ...(task.system && !systems.some((s) => s.id === task.system)
              ? [{ id: task.system, label: { ja: task.system, en: task.system } }]
              : []),
          ].map((s) => h('option', { value: s.id, selected: s.id === task.system ? true : null }, msg(s.label))),
        ),
      ),
      h('button', { type: 'button', class: 'secondary', onclick: () => row.remove() }, t('remove')),
    );
    tasks.append(row);
  };
  (r.tasks.length ? r.tasks : [undefined]).forEach((x) => addTask(x));
  const showIf = () => {
    f.date.parentElement.hidden = f.range.value !== 'day';
    f.from.parentElement.hidden = f.to.parentElement.hidden = f.range.value === 'day';
    f.startTime.parentElement.hidden =
      f.endTime.parentElement.hidden =
      f.withLeave.parentElement.hidden =
        f.part.value !== 'hours';
    f.satelliteOfficeId.parentElement.hidden = f.location.value !== 'satellite';
    f.locationText.parentElement.hidden = f.location.value !== 'other';
  };
  const out = h('div');
  const body = () => {
    const b = { part: f.part.value, location: f.location.value };
    if (f.range.value === 'day') b.date = f.date.value || undefined;
    else {
      b.from = f.from.value || undefined;
      b.to = f.to.value || undefined;
    }
    if (b.part === 'hours') {
      b.startTime = f.startTime.value || undefined;
      b.endTime = f.endTime.value || undefined;
      b.withLeave = f.withLeave.checked;
    }
    if (b.location === 'satellite') b.satelliteOfficeId = f.satelliteOfficeId.value;
    if (b.location === 'other') b.locationText = f.locationText.value;
    // emptied on an edit: null clears what the request had (left out, it would be kept)
    for (const k of ['deviceId', 'reason', 'contact']) {
      const v = f[k].value.trim();
      if (v) b[k] = v;
      else if (existing) b[k] = null;
    }
    b.urgent = f.urgent.checked;
    b.tasks = [...tasks.children].map((row) => {
      const system = row.querySelector('[name=system]').value;
      return {
        description: row.querySelector('[name=description]').value,
        networkTier: row.querySelector('[name=networkTier]').value,
        confidentiality: levelValue(row.querySelector('[name=confidentiality]').value),
        ...(system ? { system } : {}),
      };
    });
    return b;
  };
  const run = async (fn) => {
    out.replaceChildren();
    try {
      await fn();
    } catch (e) {
      out.append(errorBox(e));
    }
  };
  const save = async () => {
    if (existing) return api('PATCH', `/api/v1/requests/${id}`, { ...body(), expectedVersion: existing.version });
    return api('POST', '/api/v1/requests', body());
  };
  for (const x of [f.range, f.part, f.location]) x.addEventListener('change', showIf);
  // a shared device someone has booked on the days named says so in the list, before the policy check would
  /** The first and last day the form names (one day: both the same). */
  const namedDays = () => (f.range.value === 'day' ? [f.date.value, f.date.value] : [f.from.value, f.to.value]);
  const askBooked = latestAnswer();
  const markBooked = async () => {
    if (!poolGroup) return;
    const [from, to] = namedDays();
    const latest = askBooked();
    let booked = new Map();
    if (from && (!to || to >= from)) {
      const list = await api('GET', `/api/v1/pool-devices${query({ from, to })}`).catch(
        () => [], // (a period the API will not list: the policy check says what it needs to)
      );
      booked = new Map(list.map((d) => [d.id, d.bookedOn ?? []]));
    }
    if (!latest()) return; // the days changed again meanwhile: the later answer marks them
    for (const o of poolGroup.querySelectorAll('option')) {
      const days = booked.get(o.value) ?? [];
      const name = deviceName(pool.find((d) => d.id === o.value));
      o.textContent = days.length ? `${name} — ${t('bookedOn')} ${days.join(', ')}` : name;
    }
  };
  // the calendar of the days named: a closed day says why (telework is asked for working days), a period how
  // many working days it holds and which weekdays in it are closed
  const dayNote = h('p', { class: 'small muted day-note', role: 'status' });
  const askDays = latestAnswer();
  const noteDays = async () => {
    const [from, to] = namedDays();
    const latest = askDays();
    let said = '';
    if (from && to && to >= from && daysApart(from, to) < 366) {
      const cal = await api('GET', `/api/v1/calendar${query({ from, to })}`).catch(() => null);
      // (a closed day always says why: see GET /api/v1/calendar)
      if (cal && from === to && !cal.days[0].working) said = `${from}: ${msg(cal.days[0].closed)} — ${t('closedDay')}`;
      else if (cal && from !== to) {
        const closed = cal.days.filter((d) => !d.working && isWeekday(d.date));
        const shown = closed.slice(0, 5).map((d) => `${d.date.slice(5)} ${msg(d.closed)}`);
        said = `${t('workingDaysIn')}: ${cal.days.filter((d) => d.working).length}`;
        const [open, sep, close] = lang === 'ja' ? ['（', '、', '）'] : [' (', ', ', ')'];
        if (closed.length)
          said += `${open}${t('closedWeekdays')}: ${shown.join(sep)}${closed.length > 5 ? `${sep}…` : ''}${close}`;
      }
    }
    if (latest()) dayNote.textContent = said; // (the days changed again meanwhile: the later answer says)
  };
  for (const x of [f.range, f.date, f.from, f.to])
    x.addEventListener('change', () => {
      markBooked();
      noteDays();
    });
  markBooked();
  noteDays();
  formInProgress = {
    id,
    version: existing?.version ?? null,
    like: stash?.like, // (what it was filled in from, said again after a language switch)
    read: () => ({ body: body(), range: f.range.value }),
  };
  show(
    h('h1', {}, existing ? `${t('edit')} — ${dates(existing.from, existing.to)}` : t('newRequest')),
    existing ? decisionNote(existing) : null,
    stash?.left
      ? h(
          'p',
          { class: 'notice', role: 'note' },
          `${t('inputKept')} `,
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                formInProgress = null; // (the form drawn again starts afresh, keeping nothing)
                route();
              },
            },
            t('discardInput'),
          ),
        )
      : null,
    outdated ? h('p', { class: 'notice', role: 'note' }, t('keptOutdated')) : null,
    stash?.like ? h('p', { class: 'notice', role: 'note' }, `${t('filledLike')} ${stash.like}`) : null,
    h(
      'section',
      { class: 'card' },
      h(
        'form',
        { class: 'grid', onsubmit: (ev) => ev.preventDefault() },
        field('dayOrRange', f.range),
        field('date', f.date),
        field('from', f.from),
        field('to', f.to),
        dayNote,
        field('part', f.part),
        field('startTime', f.startTime),
        field('endTime', f.endTime),
        h('label', { class: 'inline' }, f.withLeave, t('withLeave')),
        field('location', f.location),
        field('satellite', f.satelliteOfficeId),
        field('locationText', f.locationText),
        field('device', f.deviceId),
        session.me.devices.length ? null : h('p', { class: 'small muted' }, t('noOwnDevice')),
        field('contact', f.contact),
        field('reason', f.reason),
        h('label', { class: 'inline' }, f.urgent, t('urgent')),
      ),
      h('h2', {}, t('tasks')),
      tasks,
      h('button', { type: 'button', class: 'secondary', onclick: () => addTask() }, t('addTask')),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              run(async () => out.append(verdictView(await api('POST', '/api/v1/requests/preview', body())))),
          },
          t('check'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              run(async () => {
                const s = await save();
                formInProgress = null; // saved: nothing to keep when the page goes
                toast(t('saved'));
                location.hash = `#/requests/${s.id}`;
              }),
          },
          t('saveDraft'),
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              run(async () => {
                const s = await save();
                formInProgress = null; // saved: nothing to keep when the page goes
                try {
                  await api('POST', `/api/v1/requests/${s.id}/submit`, { expectedVersion: s.version });
                } catch (e) {
                  flash = { error: e, saved: true }; // saved all the same: its page shows where it stands, and why
                }
                location.hash = `#/requests/${s.id}`;
              }),
          },
          t('saveSubmit'),
        ),
      ),
      out,
    ),
  );
  showIf();
}

/** A verdict: the outcome, the rules that fired (with their reasons), the rest folded away. */
function verdictView(v) {
  const fired = v.reasons.filter((x) => x.outcome !== 'pass' && x.outcome !== 'skipped');
  const item = (x) => {
    // what the rule says, in the page's language; its id (for admins) goes with its place in the file
    const said = msg(x.message);
    const where = [said ? x.ruleId : null, x.source ? `${x.source.file}:${x.source.line}` : null].filter(Boolean);
    return h(
      'li',
      {},
      badge(x.outcome, en('ruleOutcome', x.outcome)),
      ' ',
      said || h('strong', {}, x.ruleId),
      where.length ? h('span', { class: 'small muted' }, ` (${where.join(' · ')})`) : '',
    );
  };
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('verdict'), ' ', badge(v.outcome, en('outcome', v.outcome))),
    // another request of one's own already takes this time: submitting would be refused
    v.overlaps ? h('p', { class: 'error', role: 'alert' }, t('clashes'), ' ', clashLink(v.overlaps)) : null,
    v.policyVersion
      ? h('p', { class: 'small muted' }, `${t('policyVersion')}: ${versionText(v.policyLabel, v.policyVersion)}`)
      : null,
    h('h2', {}, t('firedRules')),
    fired.length ? h('ul', { class: 'reasons' }, fired.map(item)) : h('p', { class: 'muted' }, t('noneFired')),
    h('details', {}, h('summary', {}, t('allRules')), h('ul', { class: 'reasons' }, v.reasons.map(item))),
  );
}

/**
 * An error to show on the next page, `{ error, saved }`: `saved` when it refused a submission after
 * the form was saved (the page then says the request stays a draft, unsent).
 */
let flash = null;
/** Refusals that say a request or its task changed since the page was drawn (with their status): the page is redrawn. */
const STALE = new Map([
  ['VERSION_CONFLICT', 409],
  ['INVALID_TRANSITION', 409],
  ['ALREADY_DECIDED', 409],
  ['NOT_ASSIGNEE', 403],
]);
/** Draws a request's page again, as it stands now, with the refusal `e` on it (in `out` if it cannot). */
const redrawSaying = (id, e, out) => {
  flash = { error: e, saved: false };
  return requestPage(id).catch(() => {
    flash = null;
    out.replaceChildren(errorBox(e));
  });
};

async function requestPage(id) {
  const r = await api('GET', `/api/v1/requests/${id}`);
  const out = h(
    'div',
    {},
    flash ? errorBox(flash.error) : null,
    flash?.saved && (r.status === 'draft' || r.status === 'returned')
      ? h('p', { class: 'notice', role: 'note' }, t('keptUnsent'))
      : null,
  );
  const flashed = flash !== null; // (a submission refused just now: its answer is on the page already)
  const deniedJustNow = flash?.error instanceof ApiError && flash.error.code === 'POLICY_DENIED';
  flash = null;
  const seen = { expectedVersion: r.version };
  const revokeReason = h('input', { size: 40, 'aria-label': t('revokeReason'), placeholder: t('revokeReason') });
  // withdrawing one a supervisor has seen, or cancelling an approved one, may say why (the timeline keeps it)
  const ownReason = h('input', { size: 30, 'aria-label': t('ownReason'), placeholder: t('ownReason') });
  const withReason = () => (ownReason.value.trim() ? { ...seen, comment: ownReason.value.trim() } : seen);
  // `needs`: what must be said first (a reason), asked for before the confirmation, not after it
  const act = (label, call, { confirmKey, cls, needs } = {}) =>
    h(
      'button',
      {
        type: 'button',
        class: cls,
        onclick: async () => {
          if (needs && !needs.input.value.trim()) {
            out.replaceChildren(h('p', { class: 'error', role: 'alert' }, t(needs.say)));
            return needs.input.focus();
          }
          if (confirmKey && !confirm(t(confirmKey))) return;
          try {
            await call();
            await requestPage(id);
          } catch (e) {
            // changed meanwhile (decided, withdrawn, edited elsewhere): draw where it stands now, saying why
            if (e instanceof ApiError && STALE.has(e.code)) return redrawSaying(id, e, out);
            // refused by the policy as it stands now (a limit filled since it was checked): held off as well
            if (e instanceof ApiError && e.code === 'POLICY_DENIED' && e.details?.verdict) judged(e.details.verdict);
            out.replaceChildren(errorBox(e));
          }
        },
      },
      t(label),
    );
  const own = r.requester.id === session.me.id;
  markNav(own ? 'requests' : can.decide() ? 'inbox' : null); // an approver came here from the inbox
  const editable = own && (r.status === 'draft' || r.status === 'returned');
  const [offices, systems] = await Promise.all([
    r.satelliteOfficeId ? api('GET', '/api/v1/satellite-offices') : [],
    r.tasks.some((x) => x.system) ? api('GET', '/api/v1/business-systems') : [],
  ]);
  const office = offices.find((o) => o.id === r.satelliteOfficeId);
  // a system by its name in the page's language; one the policy no longer names, by its id
  const systemName = (sid) => {
    const sys = systems.find((x) => x.id === sid);
    return sys ? msg(sys.label) : sid;
  };
  // the request names its device (an approver holds none of the requester's)
  const device = r.device ?? session.me.devices.find((d) => d.id === r.deviceId);
  // a draft (or a returned request) says at once what the policy would say of it now: one refused looks
  // refused before anyone presses submit (unless a submission just said so)
  const submit = editable ? act('submit', () => api('POST', `/api/v1/requests/${id}/submit`, seen)) : null;
  /** A draft the policy refuses as it stands is edited first: submitting it would only be refused again. */
  const judged = (v) => {
    if (!submit) return v;
    const denied = v.outcome === 'deny';
    submit.disabled = denied;
    if (denied) submit.dataset.held = '';
    else delete submit.dataset.held;
    submit.title = denied ? t('deniedEditFirst') : '';
    return v;
  };
  if (deniedJustNow) judged({ outcome: 'deny' });
  if (editable && !flashed)
    api('POST', '/api/v1/requests/preview', bodyOf(r))
      .then((v) => out.append(h('div', { class: 'auto-check' }, verdictView(judged(v)))))
      .catch(() => null); // (the check button says why it cannot, when pressed)
  show(
    h('h1', {}, `${dates(r.from, r.to)} `, badge(r.status, en('status', r.status))),
    decisionNote(r),
    h(
      'div',
      { class: 'actions' },
      submit,
      editable ? h('a', { href: `#/requests/${id}/edit`, class: 'button secondary' }, t('edit')) : null,
      editable
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: async () => {
                try {
                  out.replaceChildren(verdictView(judged(await api('POST', '/api/v1/requests/preview', bodyOf(r)))));
                } catch (e) {
                  out.replaceChildren(errorBox(e));
                }
              },
            },
            t('check'),
          )
        : null,
      editable || (own && r.status === 'awaitingDecision')
        ? act('withdraw', () => api('POST', `/api/v1/requests/${id}/withdraw`, withReason()), {
            // a draft or a returned request is edited and submitted again, not withdrawn and filed anew
            confirmKey: editable ? 'confirmWithdrawEditable' : 'confirmWithdraw',
            cls: 'secondary',
          })
        : null,
      r.mayCancel // its applicant, up to its last day
        ? act('cancel', () => api('POST', `/api/v1/requests/${id}/cancel`, withReason()), {
            confirmKey: 'confirmCancel',
            cls: 'danger',
          })
        : null,
      (own && r.status === 'awaitingDecision') || r.mayCancel ? ownReason : null,
      // the same work on other days (most telework repeats week by week): a new form filled in but for the days
      own && !editable
        ? h('button', { type: 'button', class: 'secondary', onclick: () => fileLike(r) }, t('fileLike'))
        : null,
    ),
    // the approver whose approval it is, one above them or an admin may take it back, saying why
    r.mayRevoke
      ? h(
          'div',
          { class: 'actions' },
          revokeReason,
          act('revoke', () => api('POST', `/api/v1/requests/${id}/revoke`, { ...seen, comment: revokeReason.value }), {
            confirmKey: 'confirmRevoke',
            cls: 'danger',
            needs: { input: revokeReason, say: 'revokeNeedsReason' },
          }),
        )
      : null,
    decideHere(r, out, () => requestPage(id)),
    out,
    h(
      'section',
      { class: 'card scroll' },
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          row(t('requester'), `${person(r.requester)} (${r.requester.id})`),
          row(t('part'), [
            en('part', r.part) + (r.part === 'hours' ? ` ${r.startTime}–${r.endTime}` : ''),
            // what an approver weighs: filed afterwards in an emergency, or hours beside hourly leave (時間休)
            r.urgent ? [' ', badge('warn', t('urgent'))] : null,
            r.withLeave ? [' ', badge('info', t('withLeave'))] : null,
          ]),
          row(
            t('location'),
            // the kind of place, then which one: "satellite office (Station-front …)", as the inbox says it
            en('location', r.location) +
              (r.satelliteOfficeId ? ` (${office ? named(office) : r.satelliteOfficeId})` : '') +
              (r.locationText ? ` (${r.locationText})` : ''),
          ),
          row(t('device'), [
            device ? deviceName(device) : (r.deviceId ?? t('noDevice')),
            // whether work on it can reach the internal network from outside (an approver needs to know)
            device ? ' ' : null,
            device
              ? badge(device.remoteCapable ? 'allow' : 'bad', t(device.remoteCapable ? 'remoteReach' : 'noRemoteReach'))
              : null,
          ]),
          row(
            t('tasks'),
            r.tasks
              .map(
                (x) =>
                  `${x.description} (${en('tier', x.networkTier)}, ${x.confidentiality}${x.system ? `, ${systemName(x.system)}` : ''})`,
              )
              .join(' / '),
          ),
          row(t('reason'), r.reason ?? ''),
          row(t('contact'), r.contact ?? ''),
        ),
      ),
    ),
    r.verdict ? verdictView(r.verdict) : null,
    r.route ? routeView(r.route, r.status) : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('timeline')),
      h('ol', { class: 'timeline' }, (r.timeline ?? []).map(timelineItem)),
      recordCheck(r.id),
    ),
  );
}

/**
 * A button that checks the request's record as stored (GET …/audit: every entry of the request's,
 * its routes' and its tasks' logs, hashed again) and says whether it stands as written, or what
 * is wrong, entry by entry.
 */
function recordCheck(requestId) {
  const out = h('div', { class: 'record-check', role: 'status' });
  const button = h('button', { type: 'button', class: 'secondary' }, t('checkRecord'));
  /** "label: n" in the page's language (件 and a full-width colon in Japanese), kept on one line. */
  const counted = (label, n) =>
    h('span', { class: 'nowrap' }, lang === 'ja' ? `${t(label)}：${n}件` : `${t(label)}: ${n}`);
  /** Whose log: the request, its route(s), its task(s), numbered when there are more than one of a kind. */
  const names = (instances) => {
    const of = (m) => instances.filter((i) => i.machine === m);
    return new Map(
      instances.map((i) => {
        const same = of(i.machine);
        return [i, same.length > 1 ? `${en('machine', i.machine)} ${same.indexOf(i) + 1}` : en('machine', i.machine)];
      }),
    );
  };
  button.onclick = async () => {
    button.disabled = true;
    out.replaceChildren(h('p', { class: 'muted' }, t('checking')));
    try {
      const a = await api('GET', `/api/v1/requests/${encodeURIComponent(requestId)}/audit`);
      const named = names(a.instances);
      const entries = a.instances.reduce((n, i) => n + i.entries, 0);
      const linkedOnly = a.instances.reduce((n, i) => n + i.linkedOnly, 0);
      const counts = h(
        'p',
        { class: 'small' },
        counted('entriesChecked', entries),
        ` (${a.instances.map((i) => `${named.get(i)} ${i.entries}`).join(lang === 'ja' ? '・' : ', ')})`,
        ...(linkedOnly ? [' · ', counted('linkedOnly', linkedOnly)] : []),
      );
      if (a.intact) {
        out.replaceChildren(h('p', {}, badge('allow', t('recordIntactBadge')), ' ', t('recordIntact')), counts);
        return;
      }
      out.replaceChildren(
        h('p', { class: 'error' }, t('recordBroken')),
        h(
          'ul',
          { class: 'record-problems' },
          a.instances
            .filter((i) => i.problems.length)
            .map((i) =>
              h(
                'li',
                {},
                h('strong', {}, named.get(i)),
                h(
                  'ul',
                  {},
                  i.problems.map((p) => h('li', {}, msg(p.message))),
                ),
              ),
            ),
        ),
        counts,
      );
    } catch (e) {
      out.replaceChildren(errorBox(e));
    } finally {
      button.disabled = button.dataset.held !== undefined; // (one the page holds off meanwhile stays off)
    }
  };
  // (not among the page's .actions: those are what the request's state allows)
  return h('div', { class: 'record' }, button, out);
}
/** The row of an empty table: "nothing here" across its columns. */
const noneRow = (columns) => h('tr', {}, h('td', { colspan: columns, class: 'muted' }, t('none')));

/**
 * A list that loads page by page into `container`: `fetchPage(cursor)` answers { items, next }
 * (no cursor: the first page), `render` makes an item's node, `empty` the node of an empty list.
 * `load(true)` starts again from the first page; `more` is the button that loads the next.
 */
/**
 * Where a list was left for one of its items (a request): `{ hash, target, rows, scrollY }`, the list page's
 * address, the item's, how many rows a list that pages had (0 for one that does not) and the scroll. Going
 * straight back from the item (see route), the list page comes back there: the rows "show more" had
 * brought (see paged) and the scroll. Anywhere else first, and it is forgotten: a list opened afresh starts
 * at its top.
 */
let placeLeft = null;
/** The place being drawn again (route sets it when the page is the one just gone back to, else null). */
let placeBack = null;
/** Keeps the place of the list `tbody` when one of its items is opened (a link, or a row that opens one). */
function keepPlace(tbody) {
  tbody.addEventListener(
    'click',
    (ev) => {
      const link =
        ev.target.closest?.('a[href^="#/requests/"]') ??
        ev.target.closest?.('tr.clickable')?.querySelector('a[href^="#/requests/"]');
      if (!link) return;
      placeLeft = {
        hash: location.hash || '#/requests',
        target: link.getAttribute('href'),
        // (only a list that pages is drawn again to as many rows: see paged)
        rows: tbody.dataset.paged === undefined ? 0 : tbody.children.length,
        scrollY: window.scrollY,
      };
    },
    true, // (as the click goes down: a clickable row's own handler, on its way up, has moved on already)
  );
}

function paged(container, fetchPage, render, empty) {
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('more'));
  let next;
  let drawn = false; // the first load draws the page: it brings back the rows of a place kept
  container.dataset.paged = ''; // (see keepPlace)
  const fetchInto = async (reset) => {
    if (reset) next = undefined;
    const page = await fetchPage(next);
    if (reset) container.replaceChildren();
    for (const item of page.items) container.append(render(item));
    if (!container.children.length) container.append(empty());
    next = page.next;
    more.hidden = !next;
  };
  // one load at a time; a filter changed while one runs loads again after it, so that the list
  // always ends as the filters stand (a second click on "more" while one runs is the same click)
  let running = null;
  let again = false;
  const load = (reset) => {
    if (running) {
      again ||= reset;
      return running;
    }
    running = (async () => {
      try {
        await fetchInto(reset);
        const place = drawn ? null : placeBack;
        drawn = true;
        // (as many pages as it had then, up to a bound: a list grown meanwhile is not read whole)
        for (let n = 0; place && next && container.children.length < place.rows && n < 20; n++) await fetchInto(false);
        while (again) {
          again = false;
          await fetchInto(true);
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
  more.addEventListener('click', () => load(false).catch((e) => toast(msg(e.message))));
  return { load, more };
}

/**
 * A table under a header (label keys, or elements). On a phone a list becomes a card per row, each
 * value under its column's name (see app.css): sideways scrolling hid the status, result and remove
 * columns. `rows` fills the body, with "nothing here" when empty; a list that loads page by page passes
 * its own `tbody` and no rows. `cards: false` keeps a grid that reads across (attendance by day),
 * scrolling sideways in its box instead.
 */
function dataTable(heads, rows, tbody = h('tbody'), { cards = true } = {}) {
  if (rows) append(tbody, rows.length ? rows : noneRow(heads.length));
  const label = (k) => (typeof k === 'string' && k ? t(k) : '');
  const th = (k) => h('th', {}, typeof k === 'string' ? label(k) : k);
  if (cards) labelCells(tbody, heads.map(label));
  keepPlace(tbody);
  return h(
    'div',
    { class: cards ? 'scroll cards' : 'scroll' },
    h('table', {}, h('thead', {}, h('tr', {}, heads.map(th))), tbody),
  );
}
/**
 * Names each cell of `tbody` after its column (`data-label`, shown before the value in a card), for the
 * rows there now and those added later (the next page of a list). A column without a name (a tick box, a
 * button) and a row's one cell across all columns ("nothing here") get none.
 */
function labelCells(tbody, labels) {
  const name = (tr) => {
    if (tr.tagName !== 'TR') return;
    [...tr.children].forEach((cell, i) => {
      if (cell.tagName === 'TD' && labels[i] && cell.colSpan === 1) cell.dataset.label = labels[i];
    });
  };
  for (const tr of tbody.children) name(tr);
  new MutationObserver((changes) => {
    for (const c of changes) for (const n of c.addedNodes) name(n);
  }).observe(tbody, { childList: true });
}
/** A labelled line of a details table: the label heads its row. */
const row = (k, v) => h('tr', {}, h('th', { scope: 'row', class: 'label' }, k), h('td', {}, v));

/** The body that would create this request again: what the policy check of a saved request sends. */
function bodyOf(r) {
  const b = { part: r.part, location: r.location, tasks: r.tasks, urgent: r.urgent, withLeave: r.withLeave };
  if (r.from === r.to) b.date = r.from;
  else Object.assign(b, { from: r.from, to: r.to });
  for (const k of ['startTime', 'endTime', 'satelliteOfficeId', 'locationText', 'deviceId', 'reason', 'contact']) {
    if (r[k] !== null && r[k] !== undefined) b[k] = r[k];
  }
  return b;
}

/** The approval route of a request (`status`: where the request stands now, which may have moved on since). */
function routeView(route, status) {
  /** A staff id the route names, as its person's name in the page's language (the id on hover). */
  const who = (id) => {
    const p = route.people?.[id];
    return p ? h('span', { title: id }, person(p)) : id;
  };
  const joined = (parts, sep = ', ') => parts.flatMap((x, i) => (i ? [sep, x] : [x]));
  // the routing's own reasons (no one acted; an admin's reroute names them and says its reason as written) are
  // recorded in both languages ("休暇…：代決 / on leave…: 代決") and name staff
  // by id: the page shows the half in its language, with names
  const reasonText = (text) =>
    inLang(text).replace(/\bS\d{4}\b/g, (id) => (route.people?.[id] ? person(route.people[id]) : id));
  // a step's holder moved (an admin's reroute, 代決 while away, a return): when, from whom to whom, why
  const moves = (step) =>
    (route.events ?? [])
      .filter((e) => e.event === 'route.reassign' && e.details?.step === step)
      .map((e) =>
        h(
          'li',
          {},
          `${when(e.at)} ${t('reassigned')}: `,
          who(e.details.from),
          ' → ',
          who(e.details.to),
          e.details.reason ? ` — ${e.actor ? e.details.reason : reasonText(e.details.reason)}` : '',
          e.actor ? h('span', { class: 'muted' }, ' (', e.actor.name ? person(e.actor) : e.actor.id, ')') : '',
        ),
      );
  // once the route has ended (withdrawn, returned, rejected), a step it never reached is not waiting
  const stepStatus = (s) => (s.status === 'waiting' && route.state !== 'inProgress' ? 'notReached' : s.status);
  return h(
    'section',
    { class: 'card' },
    h(
      'h2',
      {},
      `${t('route')}: `,
      route.label ? h('span', { title: route.routeId }, msg(route.label)) : route.routeId,
      ' ',
      badge(route.state, en('routeState', route.state)),
      // the route approved it; the approval was taken back afterwards (取消し, 承認取消し)
      route.state === 'approved' && (status === 'revoked' || status === 'cancelled')
        ? h('span', { class: 'small muted' }, ` ${t('since')} `, badge(status, en('status', status)))
        : null,
    ),
    h(
      'ol',
      {},
      route.steps.map((s, i) =>
        h(
          'li',
          {},
          h('strong', {}, s.label ? msg(s.label) : en('stepKind', s.kind)),
          h('span', { class: 'small muted' }, s.label ? ` ${en('stepKind', s.kind)} ` : ` ${s.id} `),
          badge(stepStatus(s), en('stepStatus', stepStatus(s))),
          ' ',
          ...joined(
            s.assignees.map((a) =>
              a.onBehalfOf ? h('span', {}, who(a.staffId), ...actingFor(who(a.onBehalfOf))) : who(a.staffId),
            ),
          ),
          s.decisions.length || s.kouetsu.length || moves(i).length
            ? h(
                'ul',
                { class: 'small' },
                moves(i),
                s.decisions.map((d) =>
                  h(
                    'li',
                    {},
                    `${when(d.at)} `,
                    who(d.by),
                    ...(d.onBehalfOf ? actingFor(who(d.onBehalfOf)) : []),
                    `: ${en('stepVerdict', d.verdict)}${d.comment ? ` — ${d.comment}` : ''}`,
                  ),
                ),
                // 後閲 owed after a 代決 (or a skip): who reviews it, who decided in their place, and whether done
                s.kouetsu.map((k) =>
                  h(
                    'li',
                    {},
                    `${t('kouetsu')}: `,
                    who(k.approverId),
                    // why it is owed: a 代決, an 引上げ past this step, an escalation, or a step skipped while away
                    ` (${en('kouetsuReason', k.reason)}`,
                    k.decidedBy ? h('span', {}, ': ', who(k.decidedBy)) : '',
                    ')',
                    ' · ',
                    k.reviewedAt
                      ? badge('approved', `${t('reviewed')} ${when(k.reviewedAt)}`)
                      : k.closed
                        ? badge('cancelled', t('reviewClosed'))
                        : badge('awaitingDecision', t('notReviewed')),
                  ),
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

/**
 * The caller's decisions on a request they hold tasks of (usually one), made where they read it in
 * full (the inbox decides the same way: POST /api/v1/inbox/decisions), with the actions the server
 * lists for each (後閲 and 供覧 are acknowledged only; a deputy, 代決, does not reject); a 合議 is
 * agreed or not. Null when the caller holds none.
 */
function decideHere(r, out, reload) {
  if (!r.myTasks?.length) return null;
  return r.myTasks.map((task, i) => {
    const comment = h('textarea', { id: `decide-comment-${i}`, class: 'wide', placeholder: t('commentHint') });
    const acknowledgeOnly = task.kind === 'kouetsu' || task.kind === 'inform';
    const explains = takes(task, 'return') || takes(task, 'reject'); // a reject or return says why
    const consult = task.kind === 'consult';
    const send = (action) => async () => {
      out.replaceChildren();
      // a rejection ends the request (a 合議's disagreement only sends it back): asked first, once it
      // says why (without a reason the server refuses it, changing nothing)
      if (action === 'reject' && !consult && comment.value.trim() && !confirm(t('confirmReject'))) return;
      try {
        const text = comment.value.trim();
        const { results } = await api('POST', '/api/v1/inbox/decisions', {
          decisions: [
            { taskId: task.taskId, action, expectedVersion: task.version, ...(text ? { comment: text } : {}) },
          ],
        });
        const [res] = results;
        if (!res.ok && STALE.has(res.code)) return redrawSaying(r.id, new ApiError(STALE.get(res.code), res), out);
        if (!res.ok) return out.replaceChildren(h('div', { class: 'error', role: 'alert' }, msg(res.message)));
        toast(t('decisionSaved'));
        await reload();
      } catch (e) {
        out.replaceChildren(errorBox(e));
      }
    };
    const button = (action, label, cls) => h('button', { type: 'button', class: cls, onclick: send(action) }, t(label));
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, `${t('yourDecision')} (${en('kind', task.kind)})`),
      task.onBehalfOf ? h('p', { class: 'small' }, `${t('onBehalfOf')}: ${nameOf(r, task.onBehalfOf)}`) : null,
      explains ? h('label', { for: `decide-comment-${i}` }, t('comment')) : null,
      explains ? comment : null,
      h(
        'div',
        { class: 'actions' },
        takes(task, 'approve')
          ? button('approve', acknowledgeOnly ? 'acknowledge' : consult ? 'agree' : 'approve')
          : null,
        takes(task, 'return') ? button('return', 'returnIt', 'secondary') : null,
        takes(task, 'reject') ? button('reject', consult ? 'disagree' : 'rejectIt', 'danger') : null,
      ),
      // one that takes nothing (a decision task whose route is lost) says so, rather than offer no button
      task.actions.length ? null : h('p', { class: 'error', role: 'alert' }, t('cannotDecide')),
    );
  });
}

/** A staff id the request's route names, as their name in the page's language; else the id. */
const nameOf = (r, id) => (r.route?.people?.[id] ? person(r.route.people[id]) : id);

/**
 * Why the request came back (差戻し), was rejected or had its approval revoked: the decider's
 * comment, where the applicant looks first (the request page, the edit form), not only at the
 * bottom of the timeline. Null while nothing of the kind stands.
 */
function decisionNote(r) {
  const kind = { returned: 'decision.returned', rejected: 'decision.rejected', revoked: 'decision.revoked' }[r.status];
  const e = kind && (r.timeline ?? []).findLast((x) => x.event === kind);
  if (!e) return null;
  const who = e.actor ? (e.actor.name ? person(e.actor) : e.actor.id) : t('system');
  const behalf = e.onBehalfOf ? actingFor(e.onBehalfOf.name ? person(e.onBehalfOf) : e.onBehalfOf.id).join('') : '';
  const comment = typeof e.details?.comment === 'string' ? e.details.comment : '';
  return h(
    'div',
    { class: 'notice', role: 'note' },
    h('strong', {}, `${t(`why_${r.status}`)}: `),
    comment || t('noComment'),
    h('div', { class: 'small muted' }, `${who}${behalf} · ${when(e.at)}`),
  );
}

function timelineItem(e) {
  const comment = e.details && typeof e.details.comment === 'string' ? ` — ${e.details.comment}` : '';
  // given up on a later day of the request: the days worked stay approved
  const kept = e.details && typeof e.details.keptUntil === 'string' ? e.details.keptUntil : null;
  return h(
    'li',
    {},
    h('span', { class: 'small muted' }, when(e.at)),
    ' ',
    h('strong', {}, en('event', e.event)),
    ' ',
    // (an edit stays a draft: its state once, not "draft → draft")
    e.from && e.from !== e.to ? `${en('status', e.from) || e.from} → ` : '',
    en('status', e.to) || e.to,
    kept ? (li() === 0 ? `（${kept} ${t('keptUntil')}）` : ` (${t('keptUntil')}${kept})`) : '',
    ` · ${e.actor ? (e.actor.name ? person(e.actor) : e.actor.id) : t('system')}`,
    // 代決: whom the actor acted for
    e.onBehalfOf ? actingFor(e.onBehalfOf.name ? person(e.onBehalfOf) : e.onBehalfOf.id) : '',
    comment,
  );
}

/**
 * "…, deciding for the approver" (代決) after the one who acts: 「（中川 哲也 の代決）」, " (on behalf of
 * Nakagawa Tetsuya)". A bare "[代決 中川]" read as if 中川 were the deputy.
 */
const actingFor = (approver) => (li() === 0 ? ['（', approver, ' の代決）'] : [' (on behalf of ', approver, ')']);

// ---- inbox
/**
 * Where the supervisor left the inbox: the filter in use, the order, the comment being written,
 * the ticked items (its scroll and the rows shown come back as any list's: see placeLeft). Opening a
 * request and coming back, or switching the language, draws the page again: it starts from here,
 * not from an empty filter.
 */
const inboxView = { applied: {}, sort: 'oldest', comment: '', picked: new Set() };

async function inboxPage() {
  const view = inboxView;
  // who and which departments the box holds, counted: the filters offer those, by name
  const counts = await api('GET', '/api/v1/inbox/summary');
  showInboxCount(counts.total);
  const picker = (name, entries, label) =>
    h(
      'select',
      { name },
      h('option', { value: '' }, t('any')),
      entries.map((x) => h('option', { value: x.id }, `${label(x)} (${x.count})`)),
    );
  // the box's totals, drawn again after each decision (the pick-lists' counts with them)
  const totals = h('p', { class: 'muted', 'aria-live': 'polite' });
  const drawTotals = (c) =>
    totals.replaceChildren(
      `${t('pendingInBox')}: ${c.total}`,
      c.outcomes.needs_exception ? ` · ${en('outcome', 'needs_exception')} ${c.outcomes.needs_exception}` : '',
    );
  drawTotals(counts);
  const recount = async () => {
    const c = await api('GET', '/api/v1/inbox/summary');
    drawTotals(c);
    showInboxCount(c.total); // (the menu's count follows the decisions just made)
    for (const [k, list, label] of [
      ['requester', c.requesters, (p) => `${person(p)} ${p.id}`],
      ['department', c.departments, named],
    ]) {
      const kept = filter[k].value;
      filter[k].replaceChildren(...picker(k, list, label).options);
      choose(filter[k], kept);
    }
  };
  const filter = {
    outcome: select('outcome', 'outcome', '', { blank: t('any') }),
    kind: select('kind', 'kind', '', { blank: t('any') }),
    workDate: h('input', { type: 'date', name: 'workDate' }),
    // or a period: tasks with a working day in it (a week's, a month's requests)
    workFrom: h('input', { type: 'date', name: 'workFrom' }),
    workTo: h('input', { type: 'date', name: 'workTo' }),
    requester: picker('requester', counts.requesters, (p) => `${person(p)} ${p.id}`),
    department: picker('department', counts.departments, named),
    sort: h(
      'select',
      { name: 'sort' },
      h('option', { value: 'oldest' }, t('oldest')),
      h('option', { value: 'workDate' }, t('byWorkDate')),
    ),
  };
  filter.outcome.querySelector('[value=deny]')?.remove(); // a denied request never reaches an inbox
  for (const k of FILTER_KEYS) choose(filter[k], view.applied[k] ?? '');
  filter.sort.value = view.sort;
  const filterValues = () => {
    const v = {};
    for (const k of FILTER_KEYS) if (filter[k].value.trim()) v[k] = filter[k].value.trim();
    return v;
  };
  /** The filter of the rows on show: paging and "approve every clean item" use it, not half-typed input. */
  let applied = { ...view.applied, sort: view.sort };
  let restoring = true; // the first load shows what the supervisor left: the same filter and ticks
  const body = h('tbody');
  const rows = new Map(); // taskId → { tr, item, box, result }
  const summary = h('div', { role: 'status' });
  const comment = h('textarea', { id: 'inbox-comment', class: 'wide', placeholder: t('commentHint') });
  comment.value = view.comment;
  comment.addEventListener('input', () => (view.comment = comment.value));
  const all = h('input', { type: 'checkbox', 'aria-label': t('selectAll') });
  const approveButton = h('button', { type: 'button', onclick: () => decide('approve') }, t('approveSel'));
  const rejectButton = h(
    'button',
    { type: 'button', class: 'danger', onclick: () => decide('reject') },
    t('rejectSel'),
  );
  const returnButton = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => decide('return') },
    t('returnSel'),
  );
  const tickedCount = h('span', { class: 'small muted', 'aria-live': 'polite' });
  /** The buttons say what they do to what is ticked: a 合議 (consult) is agreed or disagreed to, not approved. */
  const relabel = () => {
    const ticked = [...rows.values()].filter((x) => x.box.checked);
    tickedCount.textContent = ticked.length ? `${ticked.length} ${t('tickedCount')}` : '';
    const consults = ticked.filter((x) => x.item.kind === 'consult').length;
    const only = consults > 0 && consults === ticked.length;
    // 後閲 and 供覧 are only acknowledged: ticked alone, the button says so
    const reads = ticked.filter((x) => x.item.kind === 'kouetsu' || x.item.kind === 'inform').length;
    const readsOnly = reads > 0 && reads === ticked.length;
    approveButton.textContent = t(
      readsOnly ? 'acknowledgeSel' : only ? 'agreeSel' : consults ? 'approveOrAgreeSel' : 'approveSel',
    );
    rejectButton.textContent = t(only ? 'disagreeSel' : consults ? 'rejectOrDisagreeSel' : 'rejectSel');
    // what is only acknowledged is neither rejected nor returned: those buttons go while nothing else is ticked
    rejectButton.hidden = returnButton.hidden = readsOnly;
  };
  /** The select-all box is ticked when every row that can still be decided is. */
  const syncAll = () => {
    const open = [...rows.values()].filter((x) => !x.box.disabled);
    all.checked = open.length > 0 && open.every((x) => x.box.checked);
    relabel();
  };

  const firstPage = () => {
    rows.clear();
    all.checked = false;
    summary.replaceChildren(); // a result or an error of the rows on show goes with them
    if (restoring) return;
    const values = filterValues();
    applied = { ...values, sort: filter.sort.value };
    view.applied = values;
    view.sort = filter.sort.value;
    view.picked.clear(); // ticks belong to the list they were made in
    sayFilter();
  };
  const filterSummary = h('summary');
  /** What the rows on show are filtered by, on the filters' fold. */
  const sayFilter = () => {
    const { sort: _sort, ...f } = applied;
    filterSummary.textContent = `${t('filter')}: ${filterText(f, filter) || t('noFilter')}`;
  };
  sayFilter();
  const render = (item) => {
    const r = item.request;
    const box = h('input', {
      type: 'checkbox',
      // two requests of one person on one day differ by part (morning, afternoon, hours)
      'aria-label': `${person(item.requester)} ${dates(item.workFrom, item.workTo)} ${en('part', r.part)}`,
    });
    box.checked = view.picked.has(item.taskId);
    // a row that comes unticked (the next page, after "select all") unticks the select-all box
    if (!box.checked) all.checked = false;
    box.addEventListener('change', () => {
      if (box.checked) view.picked.add(item.taskId);
      else view.picked.delete(item.taskId);
      syncAll();
    });
    const result = h('td', { class: 'small' });
    const req = item.request;
    const tr = h(
      'tr',
      {},
      h('td', {}, box),
      h('td', { class: 'nowrap' }, `${item.ageHours}${t('hours')}`),
      h('td', {}, datesCell(item.workFrom, item.workTo)),
      h(
        'td',
        {},
        h('a', { href: `#/requests/${item.requestId}` }, person(item.requester)),
        h('br'),
        h('span', { class: 'small muted' }, `${item.requester.id} · ${named(item.department)}`),
      ),
      h(
        'td',
        {},
        en('kind', item.kind),
        item.onBehalfOf ? h('div', { class: 'small' }, `${t('onBehalfOf')}: ${person(item.onBehalfOf)}`) : null,
      ),
      h(
        'td',
        {},
        item.outcome ? badge(item.outcome, en('outcome', item.outcome)) : '',
        // what each flagged rule said at submission, in the page's language (its id on hover)
        item.flagged.length
          ? h(
              'ul',
              { class: 'small flags' },
              item.flagged.map((f) => h('li', { title: f.ruleId }, msg(f.message) || f.ruleId)),
            )
          : null,
      ),
      h(
        'td',
        { class: 'small' },
        `${en('part', req.part)}${req.part === 'hours' ? ` ${req.startTime}–${req.endTime}` : ''} · ${en('location', req.location)}`,
        // where exactly: the office by name, or the place given for "other" (an exception turns on it)
        req.satelliteOffice ? ` (${named(req.satelliteOffice)})` : req.locationText ? ` (${req.locationText})` : '',
        req.submissions > 1 ? [' ', badge('warn', t('resubmitted'))] : null,
        req.urgent ? [' ', badge('warn', t('urgent'))] : null,
        req.withLeave ? [' ', badge('info', t('withLeave'))] : null,
        h('br'),
        req.tasks.map((x) => x.description).join(' / '),
        req.reason ? h('div', { class: 'muted' }, `${t('reason')}: ${req.reason}`) : null,
      ),
      result,
    );
    rows.set(item.taskId, { tr, item, box, result });
    return tr;
  };
  const { load, more } = paged(
    body,
    (cursor) => {
      if (cursor === undefined) firstPage();
      return api('GET', `/api/v1/inbox${query({ ...applied, cursor, limit: 100 })}`);
    },
    render,
    () => noneRow(8),
  );

  /**
   * A decided task's result: a request's status words, but 合議 (consult) is agreed or not, and an
   * approval that leaves the request waiting for a later step says it was passed on, not approved.
   */
  const resultBadge = (kind, status, requestStatus) =>
    kind === 'consult' && (status === 'approved' || status === 'rejected')
      ? badge(status, t(status === 'approved' ? 'agreed' : 'disagreed'))
      : (kind === 'kouetsu' || kind === 'inform') && status === 'approved'
        ? badge(status, t('reviewed')) // 後閲 and 供覧 are acknowledged, not approved
        : status === 'approved' && requestStatus === 'awaitingDecision'
          ? badge('awaitingDecision', t('passedOn'))
          : badge(status, en('status', status)); // a task's approved, rejected, returned read as a request's
  const showResults = (results) => {
    let ok = 0;
    const why = new Map(); // what the refusals said → how many times: the summary says it too
    for (const r of results) {
      const x = rows.get(r.taskId);
      if (r.ok) ok++;
      else {
        const said = msg(r.message);
        why.set(said, (why.get(said) ?? 0) + 1);
      }
      if (!x) continue;
      x.result.replaceChildren(
        r.ok
          ? resultBadge(x.item.kind, r.status, r.requestStatus)
          : h('span', { class: 'badge bad', title: r.code }, msg(r.message)),
      );
      // decided, here or elsewhere (another tab, a deputy), or no longer the caller's: out of play
      if (r.ok || GONE.has(r.code)) {
        x.tr.classList.add('done');
        x.box.checked = false;
        x.box.disabled = true;
        view.picked.delete(r.taskId);
      }
    }
    syncAll();
    // (said where the reader is too: on a long list the summary above is out of view)
    toast(`${ok} ${t('decided')}${results.length - ok ? ` · ${results.length - ok} ${t('failed')}` : ''}`);
    summary.replaceChildren(
      h(
        'div',
        { class: 'notice' },
        `${ok} ${t('decided')}`,
        results.length - ok ? ` · ${results.length - ok} ${t('failed')}` : '',
        why.size
          ? h(
              'ul',
              { class: 'small' },
              [...why].map(([said, n]) => h('li', {}, n > 1 ? `${said} (${n})` : said)),
            )
          : null,
      ),
    );
  };
  const decide = async (action) => {
    const ticked = [...rows.values()].filter((x) => x.box.checked);
    if (!ticked.length) return toast(t('nothingSelected'));
    // a deputy may not reject (代決), and 後閲 and 供覧 are only acknowledged: leave those out first
    const why = action === 'approve' ? null : t(action === 'reject' ? 'cannotReject' : 'cannotReturn');
    const picked = ticked.filter((x) => !why || takes(x.item, action));
    if (picked.length < ticked.length) {
      if (!picked.length) return toast(why);
      if (!confirm(`${why}\n${t('leftOut')}: ${ticked.length - picked.length}\n${t('goOnWith')} (${picked.length})`))
        return;
    }
    const text = comment.value.trim();
    // a rejection or a return says why (the server refuses each item without it): asked for here, nothing sent
    if (action !== 'approve' && !text) {
      comment.focus();
      return toast(t('commentNeeded'));
    }
    // what cannot be undone is asked first: approving a special approval (an approval task, not a 合議's
    // agreement) along with others, and a rejection, which ends its request (a 合議's disagreement only
    // sends it back)
    const special =
      action === 'approve'
        ? picked.filter((x) => x.item.kind === 'approval' && x.item.outcome === 'needs_exception').length
        : 0;
    if (special && !ask('confirmSpecial', ['specialCount', `${special} / ${picked.length}`])) return;
    const ending = action === 'reject' ? picked.filter((x) => x.item.kind !== 'consult').length : 0;
    if (ending && !ask('confirmReject', ['rejectCount', ending])) return;
    try {
      const { results } = await api('POST', '/api/v1/inbox/decisions', {
        decisions: picked.map((x) => ({
          taskId: x.item.taskId,
          action,
          expectedVersion: x.item.version,
          ...(text ? { comment: text } : {}),
        })),
      });
      showResults(results);
      // the comment was said with these decisions: it must not go out again with the next ones
      if (results.some((r) => r.ok)) comment.value = view.comment = '';
      await recount().catch(() => null); // (the results stand even if the counts cannot be read)
    } catch (e) {
      summary.replaceChildren(errorBox(e));
    }
  };
  const approveClean = async () => {
    // it approves what the list shows: filter fields changed but not applied are applied first
    const { sort: _shown, ...shownFilter } = applied;
    if (JSON.stringify(filterValues()) !== JSON.stringify(shownFilter)) {
      await load(true);
      return toast(t('filterAppliedFirst'));
    }
    const clean = [...rows.values()].filter(
      (x) => !x.box.disabled && x.item.outcome === 'allow' && x.item.kind === 'approval',
    ).length;
    const said = filterText(shownFilter, filter);
    if (!clean && more.hidden) return toast(t('nothingClean'));
    const count = more.hidden ? `${clean}` : `${clean}+`;
    if (!ask('confirmClean', ['filter', said || t('noFilter')], ['cleanCount', count])) return;
    try {
      const { sort: _sort, ...filterOnly } = applied;
      const { results } = await api('POST', '/api/v1/inbox/approve-matching', { filter: filterOnly });
      showResults(results);
      await recount().catch(() => null); // (the results stand even if the counts cannot be read)
    } catch (e) {
      summary.replaceChildren(errorBox(e));
    }
  };
  all.addEventListener('change', () => {
    // (setting .checked fires no change event: the ticks kept across navigation follow here)
    for (const [taskId, x] of rows) {
      if (x.box.disabled) continue;
      x.box.checked = all.checked;
      if (all.checked) view.picked.add(taskId);
      else view.picked.delete(taskId);
    }
    relabel();
  });
  filter.sort.addEventListener('change', () => load(true).catch((e) => summary.replaceChildren(errorBox(e))));
  try {
    await load(true);
    syncAll(); // the ticks kept from before: all of them, or not
  } finally {
    restoring = false;
  }
  show(
    h('h1', {}, t('inbox')),
    totals,
    h(
      // on a phone the nine fields filled the first screen: there they start folded, the filter in use
      // said on the fold
      'details',
      { class: 'card filters', open: !narrowScreen() },
      filterSummary,
      h(
        'form',
        {
          class: 'grid',
          onsubmit: (ev) => {
            ev.preventDefault();
            // on a phone the fold closes over the fields: the rows it found come into view
            if (narrowScreen()) ev.target.closest('details').open = false;
            // a refused filter leaves no rows of another filter on show
            load(true).catch((e) => {
              body.replaceChildren();
              summary.replaceChildren(errorBox(e));
            });
          },
        },
        h('label', {}, t('verdict'), filter.outcome),
        h('label', {}, t('kind'), filter.kind),
        h('label', {}, t('date'), filter.workDate),
        h('label', {}, t('workFrom'), filter.workFrom),
        h('label', {}, t('workTo'), filter.workTo),
        h('label', {}, t('requester'), filter.requester),
        h('label', {}, t('department'), filter.department),
        h('label', {}, t('sort'), filter.sort),
        h('button', {}, t('filter')),
      ),
    ),
    h('label', { for: 'inbox-comment' }, t('comment')),
    comment,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: approveClean }, t('approveClean')),
    ),
    // what acts on the ticked items stays in view down a long list (a phone's cards ran far below it)
    h('div', { class: 'actions inbox-bar' }, approveButton, returnButton, rejectButton, tickedCount),
    summary,
    dataTable(
      [
        // on a phone the head shows only this: its words with it
        h('label', { class: 'inline' }, all, h('span', { class: 'narrow-only' }, t('selectAll'))),
        'age',
        'dates',
        'requester',
        'kind',
        'verdict',
        'request',
        'result',
      ],
      null,
      body,
    ),
    h('div', { class: 'actions' }, more),
  );
}

/**
 * Sets a filter field to `value`. A pick-list that no longer offers it (nobody of that name is
 * left in the box) offers it with 0: it is still the filter in use, and shows as it is.
 */
function choose(field, value) {
  if (value && field.tagName === 'SELECT' && ![...field.options].some((o) => o.value === value))
    field.append(h('option', { value }, `${value} (0)`));
  field.value = value;
}

/** The inbox filter's fields, as GET /api/v1/inbox names them. */
const FILTER_KEYS = ['outcome', 'kind', 'workDate', 'workFrom', 'workTo', 'requester', 'department'];

/**
 * Whether a task (an inbox item, or one of a request's myTasks) takes an action: the server lists
 * what it will take (a deputy's item, 代決, is never rejected; 後閲 and 供覧 are acknowledged only).
 */
const takes = (task, action) => task.actions.includes(action);

/** Refusals after which an item is no longer the caller's to decide: decided already, or moved. */
const GONE = new Set(['ALREADY_DECIDED', 'NOT_ASSIGNEE']);

/**
 * An inbox filter in words, in the page's language (for the approve-every-clean-item question):
 * a requester and a department by name, as their pick-lists show them (`fields`), not by id.
 */
const filterText = (f, fields) => {
  const shown = (k) => {
    const o = [...fields[k].options].find((x) => x.value === f[k]);
    return o ? o.textContent.replace(/ \(\d+\)$/, '') : f[k];
  };
  return [
    f.outcome ? `${t('verdict')} ${en('outcome', f.outcome)}` : null,
    f.kind ? `${t('kind')} ${en('kind', f.kind)}` : null,
    f.workDate ? `${t('date')} ${f.workDate}` : null,
    f.workFrom ? `${t('workFrom')} ${f.workFrom}` : null,
    f.workTo ? `${t('workTo')} ${f.workTo}` : null,
    f.requester ? `${t('requester')} ${shown('requester')}` : null,
    f.department ? `${t('department')} ${shown('department')}` : null,
  ]
    .filter(Boolean)
    .join(', ');
};

// ---- backlog
/**
 * What the backlog overview shows: one department's approvers, or only those that need a look now (`attention`;
 * null until chosen: on a phone it starts so, where the whole list was fifty cards, most of them zeros).
 */
const backlogView = { departmentId: '', attention: null };

async function backlogPage() {
  const o = await api('GET', '/api/v1/backlog');
  const v = backlogView;
  // the departments of the approvers listed, by name (a supervisor sees their own department only)
  const departments = [...new Map(o.items.map((a) => [a.departmentId, a.department])).entries()].sort(
    ([a, x], [b, y]) => (x ? named(x) : a).localeCompare(y ? named(y) : b, lang),
  );
  if (!departments.some(([id]) => id === v.departmentId)) v.departmentId = '';
  const dept = h(
    'select',
    { name: 'departmentId', 'aria-label': t('department') },
    h('option', { value: '' }, t('allDepartments')),
    departments.map(([id, d]) => h('option', { value: id }, d ? named(d) : id)),
  );
  dept.value = v.departmentId;
  const attention = h('input', { type: 'checkbox', name: 'attention' });
  attention.checked = v.attention ?? narrowScreen();
  const tbody = h('tbody');
  const count = h('span', { class: 'small muted', 'aria-live': 'polite' });
  /** Overdue now, overdue by tomorrow at this rate, or the approver is away today. */
  const needsLook = (a) => a.overdue > 0 || a.forecastOverdue > 0 || a.absentNow;
  const draw = () => {
    Object.assign(v, { departmentId: dept.value, attention: attention.checked });
    const rows = o.items.filter(
      (a) => (!v.departmentId || a.departmentId === v.departmentId) && (!v.attention || needsLook(a)),
    );
    tbody.replaceChildren();
    // (narrowed to those needing a look and none does: say so, which is news, not an empty list)
    const allClear =
      !rows.length && v.attention && o.items.some((a) => !v.departmentId || a.departmentId === v.departmentId);
    append(
      tbody,
      rows.length
        ? rows.map(backlogRow)
        : allClear
          ? h('tr', {}, h('td', { colspan: 9 }, t('noneNeedsLook')))
          : noneRow(9),
    );
    count.textContent = `${rows.length} / ${o.items.length}`;
  };
  dept.addEventListener('change', draw);
  attention.addEventListener('change', draw);
  draw();
  show(
    h('h1', {}, t('backlog')),
    h('p', { class: 'small muted' }, `${t('asOf')}: ${when(o.asOf)}`),
    // (always there: a view narrowed before must be one that can be widened again)
    h(
      'div',
      { class: 'actions' },
      departments.length > 1 ? dept : null,
      h('label', { class: 'inline' }, attention, ' ', t('needsLook')),
      count,
    ),
    dataTable(
      ['approver', 'department', 'pending', 'oldestAge', 'overdue', 'absent', 'forecast', 'kouetsu', 'inform'],
      null,
      tbody,
    ),
  );
}

/** One approver's line of the backlog overview: a click opens their box. */
function backlogRow(a) {
  return h(
    'tr',
    { class: 'clickable', onclick: () => (location.hash = `#/backlog/${encodeURIComponent(a.approverId)}`) },
    h(
      'td',
      {},
      h('a', { href: `#/backlog/${encodeURIComponent(a.approverId)}` }, `${person(a)} (${a.approverId})`),
      h('div', { class: 'small muted' }, en('grade', a.grade)),
    ),
    h('td', { title: a.departmentId }, a.department ? named(a.department) : a.departmentId),
    h(
      'td',
      {},
      String(a.pending),
      // (not in the box: with deputies, in the approver's place)
      a.heldByDeputies ? h('div', { class: 'small muted' }, `${t('heldShort')} ${a.heldByDeputies}`) : null,
    ),
    h('td', {}, String(a.oldestAgeHours)),
    h('td', {}, a.overdue ? badge('bad', String(a.overdue)) : '0'),
    h(
      'td',
      {},
      a.absentNow ? badge('warn', t('yes')) : '',
      a.upcomingAbsences.map((x) =>
        h('div', { class: 'small muted' }, `${dates(x.from, x.to)} ${en('absenceKind', x.kind)}`),
      ),
    ),
    h('td', {}, a.forecastOverdue ? badge('warn', String(a.forecastOverdue)) : '0'),
    h('td', {}, String(a.kouetsuPending)),
    h('td', {}, String(a.informPending)),
  );
}

/** How many of an approver's items the page lists (the reroute moves them all). */
const BACKLOG_PAGE = 200;

/** How many of these items a reroute moves: decisions, not 後閲 or 供覧 (they stay with their holder). */
const movable = (list) => list.filter((x) => x.kind === 'approval' || x.kind === 'consult').length;

/** One approver's pending items, and the reroute of them; `done` is the outcome of a reroute just made. */
async function approverPage(approverId, done = null) {
  const {
    items: list,
    approver,
    mayReroute,
    heldByDeputies: held = [],
  } = await api('GET', `/api/v1/backlog/${encodeURIComponent(approverId)}?limit=${BACKLOG_PAGE}`);
  const out = h('div', {}, done);
  const to = h('input', { name: 'toStaffId', placeholder: t('firstDeputy'), size: 16 });
  const reason = h('input', { name: 'reason', size: 30, required: true });
  const byTask = new Map(list.map((x) => [x.taskId, x]));
  const reroute = async (dryRun) => {
    out.replaceChildren();
    if (!reason.value.trim()) return out.append(h('div', { class: 'error', role: 'alert' }, t('reasonRequired')));
    // how many, and to whom: the first deputy on file when no one is named
    const id = to.value.trim().toUpperCase();
    const whom = !id ? t('firstPresentDeputy') : to.dataset.person ? `${to.dataset.person} (${id})` : id;
    // the list holds the first BACKLOG_PAGE items: the move takes every pending one, so "200+" when it is full
    const count = list.length >= BACKLOG_PAGE ? `${movable(list)}+` : `${movable(list)}`;
    if (!dryRun && !ask('confirmReroute', ['pending', `${count} → ${whom}`])) return;
    try {
      const { results } = await api('POST', `/api/v1/backlog/${encodeURIComponent(approverId)}/reroute`, {
        ...(to.value.trim() ? { toStaffId: to.value.trim().toUpperCase() } : {}),
        reason: reason.value.trim(),
        dryRun,
      });
      const ok = results.filter((r) => r.ok).length;
      const what = (r) => {
        const x = byTask.get(r.taskId);
        return x ? `${dates(x.workFrom, x.workTo)} ${person(x.requester)}` : r.taskId;
      };
      const report = h(
        'div',
        {},
        h('div', { class: 'notice' }, `${t(dryRun ? 'movable' : 'moved')}: ${ok} / ${results.length}`),
        h(
          'ul',
          { class: 'small' },
          // by work date, as the box lists them
          [...results]
            .sort((a, b) => (byTask.get(a.taskId)?.workFrom ?? '').localeCompare(byTask.get(b.taskId)?.workFrom ?? ''))
            .map((r) =>
              h(
                'li',
                {},
                `${what(r)}: `,
                r.ok
                  ? [
                      `→ ${r.toPerson ? person(r.toPerson) : r.to}`,
                      ...(r.onBehalfOf
                        ? actingFor(r.onBehalfOfPerson ? person(r.onBehalfOfPerson) : r.onBehalfOf)
                        : []),
                      // the one named is away today: the item would wait for them
                      r.toAway ? [' ', badge('warn', t('awayToday'))] : null,
                    ]
                  : msg(r.message),
              ),
            ),
        ),
      );
      if (dryRun) out.append(report);
      else await approverPage(approverId, report);
    } catch (e) {
      out.append(errorBox(e));
    }
  };
  show(
    h('h1', {}, `${t('backlog')}: ${approver ? `${person(approver)} (${approverId})` : approverId}`),
    // items deputies hold in this approver's place are not in this box: where they are, each deputy's box a link
    // where the caller may open it
    held.length
      ? h(
          'p',
          { class: 'notice held' },
          t('heldByDeputies'),
          ' ',
          held.map((d, i) => [
            i ? ', ' : '',
            d.mayOpen
              ? h('a', { href: `#/backlog/${encodeURIComponent(d.deputy.id)}` }, person(d.deputy))
              : person(d.deputy),
            ` ${msg({ ja: `${d.count}件`, en: `${d.count} item${d.count === 1 ? '' : 's'}` })}`,
          ]),
        )
      : null,
    // moving a box is for an admin or one above its approver: others see it, and no form. Above the list, which it
    // moves whole (below a long box's last card it was a long way down)
    mayReroute
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, t('reroute')),
          // an empty box (or one of 後閲 and 供覧 only) has nothing a reroute moves: no form to fill in for nothing
          movable(list) === 0 && list.length < BACKLOG_PAGE
            ? h('p', { class: 'small' }, t('nothingToReroute'))
            : h(
                'form',
                { class: 'actions', onsubmit: (ev) => ev.preventDefault() },
                staffField(t('toStaff'), to),
                h('label', {}, t('rerouteReason'), reason),
                h('button', { type: 'button', class: 'secondary', onclick: () => reroute(true) }, t('preview')),
                h('button', { type: 'button', onclick: () => reroute(false) }, t('doReroute')),
              ),
          out,
        )
      : out,
    dataTable(
      ['kind', 'dates', 'requester', 'verdict', 'age', 'due'],
      list.map((x) =>
        h(
          'tr',
          {},
          h(
            'td',
            {},
            en('kind', x.kind),
            x.onBehalfOf
              ? h(
                  'div',
                  { class: 'small', title: x.onBehalfOf },
                  `${t('onBehalfOf')}: ${x.onBehalfOfPerson ? person(x.onBehalfOfPerson) : x.onBehalfOf}`,
                )
              : null,
          ),
          h('td', {}, h('a', { href: `#/requests/${x.requestId}` }, datesCell(x.workFrom, x.workTo))),
          h('td', {}, `${person(x.requester)} (${x.requester.id})`),
          h('td', {}, x.outcome ? badge(x.outcome, en('outcome', x.outcome)) : ''),
          h('td', { class: 'nowrap' }, `${x.ageHours}${t('workingHours')}`),
          h('td', {}, x.dueAt ? when(x.dueAt) : '', x.overdue ? [' ', badge('bad', t('overdue'))] : ''),
        ),
      ),
    ),
  );
}

// ---- notifications (お知らせ)
/** Decisions on one's requests and reminders of one's tasks, newest first; unread ones in bold. */
async function notificationsPage() {
  const list = h('ul', { class: 'notes' });
  const shown = [];
  const markAll = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        // the ones on show: a notice that arrived since is still news
        const ids = shown
          .filter((n) => !n.readAt)
          .map((n) => n.id)
          .slice(0, 1000);
        if (ids.length) await api('POST', '/api/v1/notifications/read', { ids });
        await route();
      },
    },
    t('markAllRead'),
  );
  // followed, a notice has been read: marked so before its page opens (whose badge then counts it out)
  const read = (n) => async (ev) => {
    if (n.readAt) return;
    ev.preventDefault();
    const to = ev.currentTarget.getAttribute('href');
    await api('POST', '/api/v1/notifications/read', { ids: [n.id] }).catch(() => {});
    location.hash = to;
  };
  // a registration's notice links to the page that lists it (none for one withdrawn)
  const registrationLink = (n) => {
    const href = n.registrationId ? registrationPage(n.kind) : null;
    return href ? [' ', h('a', { href, onclick: read(n) }, t('openRegistration'))] : null;
  };
  const { load, more } = paged(
    list,
    async (cursor) => {
      const page = await api('GET', `/api/v1/notifications${query({ cursor, limit: 50 })}`);
      shown.push(...page.items);
      markAll.disabled = !page.unread; // (unread counts every page: nothing to mark when none is)
      return page;
    },
    (n) =>
      h(
        'li',
        { class: n.readAt ? '' : 'unread' },
        h('span', { class: 'small muted' }, when(n.createdAt)),
        ' ',
        msg(n.message),
        n.requestId ? [' ', h('a', { href: `#/requests/${n.requestId}`, onclick: read(n) }, t('openRequest'))] : null,
        registrationLink(n),
      ),
    () => h('li', { class: 'muted' }, t('none')),
  );
  await load(true);
  show(
    h('h1', {}, t('notifications')),
    h('div', { class: 'actions' }, markAll),
    list,
    h('div', { class: 'actions' }, more),
  );
}

/**
 * Where a registration notice's reader finds the registration: its approver on the team page, its
 * holder on theirs; none for a withdrawn one, which no page lists any more.
 */
function registrationPage(kind) {
  if (kind === 'registration.withdrawn') return null;
  return kind === 'registration.submitted' ? '#/team' : '#/requests';
}

// ---- the staff directory (職員検索)
let staffLists = 0;
/**
 * A labelled field that takes a staff id, offering the staff directory as it is typed: a name in
 * kanji, kana or romaji, a section, or part of an id (the server compares them as they are meant,
 * whatever the script or width, which a browser's own datalist would not: it shows only options
 * that contain the text as typed). A pick puts the id in the field, and beside it whose it is. The
 * search only helps: when it fails, the field takes an id as typed. `cls`: the label's class;
 * `known`: people the page has at hand (whose id the field may hold already); `onPick(person)`:
 * what a pick does besides filling the field.
 */
function staffField(text, input, cls, { known = [], onPick } = {}) {
  // (a list of buttons: each one a person to pick, reached by Tab or ↓ as any button is)
  const list = h('ul', { class: 'suggest', id: `staff-list-${++staffLists}` });
  list.hidden = true;
  const whose = h('span', { class: 'small muted whose', 'aria-live': 'polite' });
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('aria-controls', list.id);
  if (!input.placeholder) input.placeholder = t('staffSearchHint');
  let found = known; // (people the page knows already: whose id the field holds at first, say)
  let timer;
  let composing = false; // an IME's unfinished text is not asked for
  const describe = () => {
    const p = found.find((x) => x.id === input.value.trim().toUpperCase());
    whose.textContent = p ? `${person(p)} · ${named(p.section)}` : '';
    input.dataset.person = p ? person(p) : ''; // whose id it holds, for a question that names them
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };
  const pick = (p) => {
    input.value = p.id;
    found = [p];
    describe();
    close();
    input.focus();
    onPick?.(p);
  };
  const option = (p) =>
    h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'link', onclick: () => pick(p) },
        person(p),
        lang === 'ja' ? h('span', { class: 'small muted' }, ` (${p.nameKana})`) : null,
        h('span', { class: 'small muted' }, ` ${p.id} · ${en('grade', p.grade)} · ${named(p.section)}`),
      ),
    );
  const search = async (q) => {
    const answer = await api('GET', `/api/v1/staff${query({ q, limit: 10 })}`).catch(() => null);
    // typed on meanwhile: the answer for what the field holds now is the one shown, whichever came first
    if (input.value.trim() !== q) return;
    if (!answer) return close(); // (a text the directory refuses, say: the field takes it as typed)
    found = [...known, ...answer.items];
    list.replaceChildren();
    append(list, [
      answer.items.map(option),
      answer.items.length === 0 ? h('li', { class: 'small muted' }, t('staffNone')) : null,
      answer.more ? h('li', { class: 'small muted' }, t('staffMore')) : null,
    ]);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    describe();
  };
  const typed = () => {
    describe();
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return close();
    timer = setTimeout(() => search(q), STAFF_SEARCH_MS);
  };
  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => ((composing = false), typed()));
  input.addEventListener('input', () => composing || typed());
  // ↓ into the list, ↑↓ along it, Esc out of it
  const buttons = () => [...list.querySelectorAll('button')];
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && !list.hidden && buttons().length) {
      ev.preventDefault();
      buttons()[0].focus();
    }
    if (ev.key === 'Escape') close();
  });
  list.addEventListener('keydown', (ev) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement);
    const next = { ArrowDown: all[at + 1], ArrowUp: at > 0 ? all[at - 1] : input }[ev.key];
    if (next) {
      ev.preventDefault();
      next.focus();
    }
    if (ev.key === 'Escape') {
      close();
      input.focus();
    }
  });
  describe();
  const field = h('div', { class: 'staff-field' }, h('label', { class: cls }, text, input), whose, list);
  // focus gone elsewhere on the page: the list goes too
  field.addEventListener('focusout', (ev) => {
    if (!field.contains(ev.relatedTarget)) close();
  });
  return field;
}
/** How long typing rests before the directory is asked. */
const STAFF_SEARCH_MS = 200;

// ---- absences and deputies (不在・代決者)
/**
 * An approver's own absences and deputies (admins may look at anyone's): registering them
 * beforehand is what lets the morning after an absence go on (代決, with 後閲 afterwards).
 */
async function awayPage(shown = session.me.id) {
  const who = h('input', { name: 'staffId', value: shown, size: 16 });
  const body = h('div');
  // whose page it is, by name when the page knows them (oneself, or someone picked from the directory)
  const load = once(async (id, known = id === session.me.id ? session.me : null) => {
    const [absences, delegations, classes, named] = await Promise.all([
      api('GET', `/api/v1/absences${query({ staffId: id, from: today() })}`),
      api('GET', `/api/v1/delegations${query({ approverId: id })}`),
      // (without a routing in force the form offers none: a delegation then covers every class)
      api('GET', '/api/v1/routing-classes').catch(() => []),
      // an id typed and shown: the directory says whose it is (the title keeps the id if it cannot)
      known
        ? null
        : api('GET', `/api/v1/staff${query({ q: id, limit: 1 })}`)
            .then((r) => r.items.find((p) => p.id === id) ?? null)
            .catch(() => null),
    ]);
    known ??= named;
    // whose page it is stays in the address: a switch of language (or a reload) shows the same person
    history.replaceState(null, '', id === session.me.id ? '#/away' : `#/away/${encodeURIComponent(id)}`);
    const reload = () => load(id, known); // after a change: the person shown, whatever the box holds now
    const whose = known ? `${person(known)} (${id})` : id;
    body.replaceChildren(
      absencesCard(id, absences, reload, whose),
      delegationsCard(id, delegations, classes, reload, whose),
    );
  });
  await load(shown);
  show(
    h('h1', {}, t('away')),
    session.me.roles.includes('admin')
      ? h(
          'form',
          {
            class: 'actions',
            onsubmit: (ev) => {
              ev.preventDefault();
              load(who.value.trim().toUpperCase() || session.me.id).catch((e) => body.replaceChildren(errorBox(e)));
            },
          },
          staffField(t('staffId'), who, 'inline', {
            known: [session.me],
            onPick: (p) => load(p.id, p).catch((e) => body.replaceChildren(errorBox(e))),
          }),
          h('button', {}, t('show')),
        )
      : null,
    body,
  );
}

/**
 * Today in Japan (the server's working calendar), YYYY-MM-DD, whatever the browser's time zone:
 * a default date from a browser elsewhere could be a day the server already calls past.
 */
const today = (plusDays = 0) => {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(new Date(Date.now() + plusDays * 864e5))
    .reduce((o, p) => ({ ...o, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
};

/** A button that removes a row after a confirmation, then reloads. */
/** A button that deletes `path` once asked, naming what goes (`what`: its line as the table shows it). */
/** `what`: what goes, said in the question; or a function that finds it out (then asked). */
const removeButton = (path, reload, out, what) =>
  h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        const said = typeof what === 'function' ? await what() : what;
        if (!confirm(`${t('confirmRemove')}\n${said}`)) return;
        try {
          await api('DELETE', path);
          toast(t('removed'));
          await reload();
        } catch (e) {
          out.replaceChildren(errorBox(e));
        }
      },
    },
    t('remove'),
  );

function absencesCard(staffId, absences, reload, whose = staffId) {
  const out = h('div');
  const f = {
    from: h('input', { type: 'date', value: today(), required: true }),
    to: h('input', { type: 'date', value: today(), required: true }),
    kind: select('kind', 'absenceKind', 'leave'),
    canActRemotely: h('input', { type: 'checkbox' }),
  };
  f.from.addEventListener('change', () => {
    if (f.to.value < f.from.value) f.to.value = f.from.value; // a period never ends before it starts
  });
  const add = once(async () => {
    out.replaceChildren();
    try {
      await api('POST', '/api/v1/absences', {
        staffId,
        from: f.from.value,
        to: f.to.value,
        kind: f.kind.value,
        canActRemotely: f.canActRemotely.checked,
      });
      toast(t('saved'));
      await reload();
    } catch (e) {
      out.append(errorBox(e));
    }
  });
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, `${t('absences')}: ${whose}`),
    dataTable(
      ['period', 'absenceKind', 'canActRemotely', 'source', ''],
      absences.map((a) =>
        h(
          'tr',
          {},
          h('td', {}, datesCell(a.from, a.to)),
          h('td', {}, en('absenceKind', a.kind)),
          h('td', {}, a.canActRemotely ? t('yes') : ''),
          h(
            'td',
            {},
            en('absenceSource', a.source),
            a.requestId ? [' ', h('a', { href: `#/requests/${a.requestId}` }, t('openRequest'))] : '',
          ),
          // an absence from an approved telework request goes with the request (cancel it there)
          h(
            'td',
            {},
            a.source === 'manual'
              ? removeButton(
                  `/api/v1/absences/${a.id}`,
                  reload,
                  out,
                  `${t('absence')}: ${dates(a.from, a.to)} ${en('absenceKind', a.kind)}`,
                )
              : '',
          ),
        ),
      ),
    ),
    h('h2', {}, t('addAbsence')),
    h(
      'form',
      { class: 'grid', onsubmit: (ev) => (ev.preventDefault(), add()) },
      h('label', {}, t('from'), f.from),
      h('label', {}, t('to'), f.to),
      h('label', {}, t('absenceKind'), f.kind),
      h('label', { class: 'inline' }, f.canActRemotely, t('canActRemotely')),
      h('button', { type: 'button', onclick: add }, t('addAbsence')),
    ),
    out,
  );
}

/**
 * An approver's deputies (代決者), and the form to name one: for some classes of matter (決裁区分,
 * by their routing.yaml names; none ticked: every class) and days, or always.
 */
function delegationsCard(staffId, delegations, routingClasses, reload, whose = staffId) {
  const out = h('div');
  const classLabel = (id) => {
    const c = routingClasses.find((x) => x.id === id);
    return c?.label ? msg(c.label) : id;
  };
  const ticks = routingClasses.map((c) => h('input', { type: 'checkbox', name: 'classes', value: c.id }));
  const f = {
    deputyId: h('input', { name: 'deputyId', size: 16, required: true }),
    // empty: after the deputies already named (the server picks the next rank)
    rank: h('input', { type: 'number', min: 1, max: 20, size: 3, placeholder: '—' }),
    from: h('input', { type: 'date' }),
    to: h('input', { type: 'date' }),
    classes: h(
      'span',
      { class: 'inline' },
      ticks.map((box) => h('label', { class: 'inline' }, box, ' ', classLabel(box.value))),
    ),
  };
  const add = once(async () => {
    out.replaceChildren();
    const classes = ticks.filter((box) => box.checked).map((box) => box.value);
    try {
      await api('POST', '/api/v1/delegations', {
        approverId: staffId,
        deputyId: f.deputyId.value.trim().toUpperCase(),
        // a rank typed is sent as typed: 0 or 1.5 is the server's 400 to show, not "the next rank"
        ...(f.rank.value.trim() !== '' ? { rank: Number(f.rank.value) } : {}),
        ...(f.from.value ? { from: f.from.value } : {}),
        ...(f.to.value ? { to: f.to.value } : {}),
        ...(classes.length ? { classes } : {}),
      });
      toast(t('saved'));
      await reload();
    } catch (e) {
      out.append(errorBox(e));
    }
  });
  const mine = delegations.filter((d) => d.approverId === staffId);
  const forOthers = delegations.filter((d) => d.deputyId === staffId);
  const period = (d) => (d.from || d.to ? `${d.from ?? ''} – ${d.to ?? ''}` : t('always'));
  const periodCell = (d) => (d.from || d.to ? datesCell(d.from ?? '', d.to ?? '') : t('always'));
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, `${t('deputies')}: ${whose}`),
    dataTable(
      ['rank', 'deputy', 'period', 'classesHead', ''],
      mine.map((d) =>
        h(
          'tr',
          {},
          h('td', {}, String(d.rank)),
          h('td', { title: d.deputyId }, d.deputy ? person(d.deputy) : d.deputyId),
          h('td', {}, periodCell(d)),
          h('td', {}, d.classes?.length ? d.classes.map(classLabel).join(', ') : t('allClasses')),
          h(
            'td',
            {},
            removeButton(`/api/v1/delegations/${d.id}`, reload, out, async () => {
              const named = `${t('deputy')} ${d.rank}: ${d.deputy ? person(d.deputy) : d.deputyId} (${period(d)})`;
              // what the deputy holds in the approver's place now goes on (or back): said before, as the
              // approver's box counts it (when the caller may see that box)
              const held = await api('GET', `/api/v1/backlog/${encodeURIComponent(staffId)}?limit=1`)
                .then((b) => b.heldByDeputies.find((x) => x.deputy.id === d.deputyId)?.count ?? 0)
                .catch(() => 0);
              if (!held) return named;
              return lang === 'ja'
                ? `${named}\nこの代決者は現在 ${held} 件を代わりに持っています。次の代決者へ、いなければ決裁者に戻ります（不在中は待機）。`
                : `${named}\nThey hold ${held} item(s) in the approver's place now: those go on to the next deputy, or back to the approver (to wait while they are away).`;
            }),
          ),
        ),
      ),
    ),
    forOthers.length
      ? [
          h('h2', {}, t('deputyFor')),
          h(
            'ul',
            {},
            forOthers.map((d) =>
              h(
                'li',
                { title: d.approverId },
                `${d.approver ? person(d.approver) : d.approverId} (${t('rank')} ${d.rank}) ${period(d)}`,
              ),
            ),
          ),
        ]
      : null,
    h('h2', {}, t('addDeputy')),
    h(
      'form',
      { class: 'grid', onsubmit: (ev) => (ev.preventDefault(), add()) },
      staffField(t('deputy'), f.deputyId),
      h('label', {}, t('rank'), f.rank),
      h('label', {}, t('from'), f.from),
      h('label', {}, t('to'), f.to),
      h('fieldset', {}, h('legend', {}, t('classes')), f.classes),
      h('button', { type: 'button', onclick: add }, t('addDeputy')),
    ),
    out,
  );
}

// ---- policies (admins)
/**
 * The active policy files; an admin edits one, validates it, simulates its effect, activates it.
 * `reopen` names the file whose editor shows (after an activation).
 */
/**
 * An admin's unsaved edits of policy files, by file name: kept across pages and a version another
 * admin activated meanwhile (`base`: the version the edit was made from), until activated or dropped.
 */
const policyDrafts = new Map();
/** The file whose editor was open last: the page opens it again on coming back. */
let policyOpen = null;

async function policiesPage(reopen) {
  const active = await api('GET', '/api/v1/policies');
  const editor = h('div');
  const open = async (name) => {
    const versions = await api('GET', `/api/v1/policies/${encodeURIComponent(name)}/versions`);
    policyOpen = name;
    editor.replaceChildren(policyEditor(name, versions, () => open(name)));
  };
  if (reopen ?? policyOpen) await open(reopen ?? policyOpen);
  show(
    h('h1', {}, t('policies')),
    dataTable(
      ['policyFile', 'version', 'activatedAt', 'activatedBy', 'versionNote'],
      active.map((p) =>
        h(
          'tr',
          {},
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: () => open(p.name).catch((e) => editor.replaceChildren(errorBox(e))),
              },
              `${p.name}.yaml`,
            ),
            h('div', { class: 'small muted' }, p.hash.slice(0, 12)),
          ),
          h('td', {}, String(p.version)),
          h('td', {}, when(p.activatedAt)),
          h('td', {}, byWhom(p)),
          h('td', {}, versionNote(p)),
        ),
      ),
    ),
    editor,
  );
}

function policyEditor(name, versions, reopen) {
  const [latest] = versions;
  const draft = policyDrafts.get(name);
  // the version the text was written from: the active one, or the one an unsaved edit started from
  const base = draft ? draft.base : latest?.version;
  const content = h(
    'textarea',
    { class: 'wide code', rows: 24, spellcheck: 'false', wrap: 'off' },
    draft ? draft.text : (latest?.content ?? ''),
  );
  // (the change note below goes with the draft: see `keep`)
  content.addEventListener('input', () => keep());
  // an edit made from a version another admin has replaced since: say so, and let the admin choose
  const stale =
    draft && latest && draft.base !== latest.version
      ? h(
          'div',
          { class: 'notice', role: 'alert' },
          [
            `この下書きは v${draft.base} を基に書かれましたが、その後 v${latest.version} が有効になっています。`,
            `This draft was written from v${draft.base}; v${latest.version} has been activated since.`,
          ][li()],
          ' ',
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                policyDrafts.set(name, { base: latest.version, text: content.value, comment: comment.value });
                reopen();
              },
            },
            t('keepDraft'),
          ),
          ' ',
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                policyDrafts.delete(name);
                reopen();
              },
            },
            t('dropDraft'),
          ),
        )
      : null;
  const out = h('div');
  const from = h('input', { type: 'date', name: 'from', value: today() });
  const to = h('input', { type: 'date', name: 'to', value: today(30) });
  // (what the change is, kept with an edit that could not be activated yet)
  const comment = h('input', { name: 'comment', size: 30, value: draft?.comment ?? '' });
  /** Keeps the edit and its note while the admin visits other pages; none when it is the active file untouched. */
  const keep = () => {
    if (content.value === latest?.content && base === latest?.version && !comment.value) policyDrafts.delete(name);
    else policyDrafts.set(name, { base, text: content.value, comment: comment.value });
  };
  comment.addEventListener('input', keep);
  /** Puts an earlier version's text in the editor, to be checked and activated as the next version. */
  const restore = (v) => {
    // an edit of one's own in the editor is not thrown away unasked
    const edited = !versions.some((x) => x.content === content.value);
    if (edited && !confirm(t('confirmReplaceDraft'))) return;
    content.value = v.content;
    // the note says what this version is (in both languages: the history is read in either); one
    // written for an earlier way back is replaced too
    if (!comment.value.trim() || /^v\d+ に戻す \/ Back to v\d+$/.test(comment.value.trim()))
      comment.value = `v${v.version} に戻す / Back to v${v.version}`;
    keep();
    out.replaceChildren(
      h(
        'div',
        { class: 'notice', role: 'status' },
        [
          `v${v.version} の内容を編集欄に読み込みました。検証・試算のうえ有効化すると、新しい版として記録されます。`,
          `The text of v${v.version} is in the editor: validate or simulate it, then activate it as a new version.`,
        ][li()],
      ),
    );
    // from its first line, as a file opened is read
    content.focus();
    content.setSelectionRange(0, 0);
    content.scrollTop = 0;
  };
  /** Selects a line of the file in the editor (where a problem was found) and scrolls it into view. */
  const showLine = (line) => {
    const lines = content.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    content.focus();
    content.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    // a textarea does not scroll to a selection set from a script: put the line a third of the way down
    const style = getComputedStyle(content);
    const lineHeight = parseFloat(style.lineHeight) || 1.4 * (parseFloat(style.fontSize) || 13);
    content.scrollTop = Math.max(0, (line - 1) * lineHeight - content.clientHeight / 3);
  };
  const fileErrors = (errors) =>
    h(
      'ul',
      { class: 'error' },
      errors.map((e) => {
        const where = `${e.file}:${e.line}:${e.column}`;
        const text = ` ${fileProblemText(e)}`;
        // a problem in the file being edited: a click takes the editor to its line
        return e.file === `${name}.yaml` && e.line > 0
          ? h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => showLine(e.line) }, where), text)
          : h('li', {}, where, text);
      }),
    );
  const attempt = async (fn) => {
    out.replaceChildren();
    try {
      await fn();
    } catch (e) {
      // a refused file: where each problem is, by file:line:column
      const invalid = e instanceof ApiError && e.code === 'POLICY_INVALID' && Array.isArray(e.details);
      out.append(invalid ? fileErrors(e.details) : errorBox(e));
      if (invalid) out.prepend(h('div', { class: 'error', role: 'alert' }, messageWithCode(e)));
    }
  };
  const validate = () =>
    attempt(async () => {
      const v = await api('POST', '/api/v1/policies/validate', { name, content: content.value });
      if (v.valid) out.append(h('div', { class: 'notice' }, t('valid')));
      else out.append(h('div', { class: 'error', role: 'alert' }, t('fileProblems')), fileErrors(v.errors));
    });
  const simulate = () =>
    attempt(async () => {
      const r = await api('POST', '/api/v1/policies/simulate', {
        name,
        content: content.value,
        from: from.value,
        to: to.value,
      });
      out.append(simulationView(r));
    });
  const activate = () =>
    attempt(async () => {
      if (!confirm(t('confirmActivate'))) return;
      let a;
      try {
        a = await api('PUT', `/api/v1/policies/${encodeURIComponent(name)}`, {
          content: content.value,
          ...(comment.value.trim() ? { comment: comment.value.trim() } : {}),
          // another admin's version activated meanwhile is not undone unseen: 409, and the editor
          // shows it beside the draft, which is kept
          ...(base !== undefined ? { expectedVersion: base } : {}),
        });
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'VERSION_CONFLICT')) throw e;
        policyDrafts.set(name, { base, text: content.value, comment: comment.value });
        return policiesPage(name); // the table and the history show the version that won
      }
      policyDrafts.delete(name);
      if (!a.changed) return out.append(h('div', { class: 'notice' }, t('unchanged')));
      toast(`${t('activated')}: ${name} v${a.version}`);
      await policiesPage(name); // the table and the history show the new version
    });
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, `${name}.yaml`),
    stale,
    h('label', {}, t('content'), content),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: validate }, t('validate')),
      // a simulation re-judges stored requests under a draft telework or calendar file; routes it cannot
      ...(name === 'routing'
        ? []
        : [
            h('label', { class: 'inline' }, t('from'), from),
            h('label', { class: 'inline' }, t('to'), to),
            h('button', { type: 'button', class: 'secondary', onclick: simulate }, t('simulate')),
          ]),
      h('label', { class: 'inline' }, t('activateComment'), comment),
      h('button', { type: 'button', onclick: activate }, t('activate')),
    ),
    out,
    h('h2', {}, t('versions')),
    h(
      'ul',
      { class: 'small' },
      versions.map((v) =>
        h(
          'li',
          {},
          `v${v.version} · ${when(v.activatedAt)} · `,
          byWhom(v),
          versionNote(v) ? ` · ${versionNote(v)}` : '',
          ` · ${v.hash.slice(0, 12)}`,
          // an earlier version: its text, and the way back to it (through the editor: validated,
          // simulated and activated as a new version, never by rewriting history)
          v === latest
            ? null
            : h(
                'details',
                {},
                h('summary', {}, t('showVersion')),
                h('pre', { class: 'code' }, v.content),
                h('button', { type: 'button', class: 'secondary', onclick: () => restore(v) }, t('loadVersion')),
              ),
        ),
      ),
    ),
  );
}

/**
 * What a changed rule says under the draft, in the page's language; a rule that no longer fires
 * says so, with what it said before.
 */
function simulatedWhy(c) {
  const changed = new Set(c.rules.map((x) => x.ruleId));
  const now = c.newReasons.filter((x) => changed.has(x.ruleId));
  const gone = c.oldReasons.filter((x) => changed.has(x.ruleId) && !now.some((n) => n.ruleId === x.ruleId));
  return [
    ...now.map((x) => `${en('ruleOutcome', x.outcome)}: ${msg(x.message)}`),
    ...gone.map((x) => `${t('noLongerFires')}: ${msg(x.message)}`),
  ].join(' / ');
}

/** What a draft policy would change over the stored requests of a period. */
function simulationView(r) {
  const o = r.totals;
  const counts = (c) => ['allow', 'needs_exception', 'deny'].map((k) => `${en('outcome', k)} ${c[k]}`).join(' · ');
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('simulate')),
    h('p', { class: 'muted small' }, t('simNote')),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        row(t('simTotals'), String(o.requests)),
        row(t('outcomeChanged'), String(o.outcomeChanged)),
        row(t('firedChanged'), String(o.firedChanged)),
        row(t('failedCases'), String(o.failed)),
        row(t('beforeChange'), counts(o.old)),
        row(t('afterChange'), counts(o.new)),
      ),
    ),
    r.transitions.length
      ? [
          h('h2', {}, t('transitions')),
          h(
            'ul',
            {},
            r.transitions.map((x) => h('li', {}, `${en('outcome', x.from)} → ${en('outcome', x.to)}: ${x.count}`)),
          ),
        ]
      : null,
    r.changed.length
      ? [
          h('h2', {}, t('changedRequests')),
          h(
            'ul',
            { class: 'small' },
            // those whose outcome moves first; each opens (admins read every request): who, which days, and why
            [...r.changed]
              .sort((a, b) => Number(b.outcomeChanged) - Number(a.outcomeChanged))
              .slice(0, 50)
              .map((c) =>
                h(
                  'li',
                  {},
                  h(
                    'a',
                    { href: `#/requests/${c.requestId}`, title: c.requestId },
                    `${dates(c.dateFrom, c.dateTo)} ${person(c.requester)}`,
                  ),
                  `: ${en('outcome', c.from)} → ${en('outcome', c.to)}`,
                  h('div', { class: 'muted' }, simulatedWhy(c)),
                ),
              ),
          ),
        ]
      : null,
    // the requests that could not be evaluated, and why: the count alone named none of them
    r.failures?.length
      ? [
          h('h2', {}, t('failedCases')),
          h(
            'ul',
            { class: 'small' },
            r.failures
              .slice(0, 50)
              .map((f) =>
                h(
                  'li',
                  {},
                  h('a', { href: `#/requests/${f.requestId}`, title: f.requestId }, f.requestId.slice(0, 8)),
                  `: ${f.message}`,
                ),
              ),
          ),
        ]
      : null,
  );
}

// ---------------------------------------------------------------- start
document.getElementById('lang').addEventListener('click', () => {
  keepForm(false); // the form comes back in the other language with what was typed
  lang = lang === 'ja' ? 'en' : 'ja';
  localStorage.setItem('teleflow.lang', lang);
  document.documentElement.lang = lang;
  route();
});
document.documentElement.lang = lang;
window.addEventListener('hashchange', route);
// the link of the page on show draws it again (no hashchange fires): the inbox as it stands now
document.getElementById('nav').addEventListener('click', (ev) => {
  const a = ev.target.closest('a[data-key]');
  if (!a || a.getAttribute('href') !== location.hash) return;
  if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return; // a new tab, say
  ev.preventDefault();
  route();
});
route();
