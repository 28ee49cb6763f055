import { hasVisibleText } from '../../workflows/text';
import { CALENDAR_KNOWN_UNTIL, daysBetween, isRealDate } from '../common/clock';
import type { LastDays, ShapeRules } from '../policy/policy.types';
import type { Message } from '../common/domain-error';
import {
  fieldProblems,
  invalidFields,
  notCalendarDate,
  pastTheCalendar,
  toBeforeFrom,
  type FieldProblems,
} from '../common/field-problems';
import type { RequestLocation, RequestPart, RequestTask } from './request.entity';
import type { UpdateRequestDto } from './dto/request.dto';

/** The editable fields of a request, as stored. */
export interface RequestShape {
  dateFrom: string;
  dateTo: string;
  part: RequestPart;
  startTime: string | null;
  endTime: string | null;
  location: RequestLocation;
  satelliteOfficeId: string | null;
  locationText: string | null;
  tasks: RequestTask[];
  deviceId: string | null;
  reason: string | null;
  contact: string | null;
  withLeave: boolean;
  urgent: boolean;
}

/** The columns of remote_work_requests that hold a shape, with their SQL types. */
const SHAPE_SQL = [
  ['date_from', 'date'],
  ['date_to', 'date'],
  ['part', 'text'],
  ['start_time', 'text'],
  ['end_time', 'text'],
  ['location', 'text'],
  ['satellite_office_id', 'text'],
  ['location_text', 'text'],
  ['tasks', 'jsonb'],
  ['device_id', 'text'],
  ['reason', 'text'],
  ['contact', 'text'],
  ['with_leave', 'boolean'],
  ['urgent', 'boolean'],
] as const;

/** The shape's columns, for an INSERT or SELECT list. */
export const SHAPE_COLUMNS = SHAPE_SQL.map(([c]) => c).join(', ');
/** The shape's columns with their types, for `jsonb_to_recordset(…) AS v(…)`. */
export const SHAPE_RECORD = SHAPE_SQL.map(([c, type]) => `${c} ${type}`).join(', ');
/** `col = v.col` for each of the shape's columns, for an UPDATE … FROM jsonb_to_recordset(…) AS v. */
export const SHAPE_SET = SHAPE_SQL.map(([c]) => `${c} = v.${c}`).join(', ');

/** A shape as a record of SHAPE_RECORD's columns. */
export function shapeRecord(s: RequestShape): Record<(typeof SHAPE_SQL)[number][0], unknown> {
  return {
    date_from: s.dateFrom,
    date_to: s.dateTo,
    part: s.part,
    start_time: s.startTime,
    end_time: s.endTime,
    location: s.location,
    satellite_office_id: s.satelliteOfficeId,
    location_text: s.locationText,
    tasks: s.tasks,
    device_id: s.deviceId,
    reason: s.reason,
    contact: s.contact,
    with_leave: s.withLeave,
    urgent: s.urgent,
  };
}

/** The fields an edit may clear by sending null. */
const CLEARABLE = new Set(['deviceId', 'reason', 'contact']);

const blankAsNull = (s: string | null): string | null => (hasVisibleText(s) ? s : null);

/**
 * The problem of a request whose last day is before the earliest it may have (today, or for an
 * urgent one the policy's grace before it), or null: pending, it would expire at once (see mergeShape).
 */
export function lastDayPassed(field: string, lastDay: string, days: LastDays, urgent: boolean): FieldProblems | null {
  if (lastDay >= (urgent ? days.urgent : days.today)) return null;
  if (urgent && days.urgent < days.today)
    return fieldProblems(field, {
      ja: `最終日（${lastDay}）が過ぎています。緊急の申請（事後申請）は ${days.urgent} 以降の日についてできます。`,
      en: `the last day (${lastDay}) has passed: an urgent request filed afterwards is for ${days.urgent} or later`,
    });
  return fieldProblems(field, {
    ja: `最終日（${lastDay}）が過ぎています。申請は今日（${days.today}）以降の日についてできます。`,
    en: `the last day (${lastDay}) has passed: a request is for today (${days.today}) or later`,
  });
}

/** Longest range one request may cover (calendar days, inclusive). */
export const MAX_RANGE_DAYS = 31;

/**
 * Applies a create/patch body over a base and checks the rules that span fields
 * (DTO validation has already checked each field alone), and that dates written now do not end
 * before the earliest last day (`days`: today in Japan, earlier for an urgent request filed
 * afterwards): a pending request whose last day has passed expires (its machine says so), so one
 * written for days past that would be swept away at once. Throws VALIDATION_FAILED.
 */
export function mergeShape(base: RequestShape | null, patch: UpdateRequestDto, rules: ShapeRules): RequestShape {
  const { days } = rules;
  // null clears the device, the reason and the contact; on any other field it means what leaving
  // the field out means (validation lets null through every optional field)
  const dto = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== null || CLEARABLE.has(k)),
  ) as UpdateRequestDto;
  const problems: FieldProblems[] = [];
  const bad = (field: string, said: Message & { problem: string }) => problems.push(fieldProblems(field, said));
  const urgent = dto.urgent ?? base?.urgent ?? false;
  if (dto.date !== undefined && (dto.from !== undefined || dto.to !== undefined))
    bad('date', {
      ja: '日付は一日か期間（開始日と終了日）のどちらか一方で入れてください。',
      en: 'Give either one date or a period (first and last day), not both.',
      problem: 'give either date or from/to, not both',
    });
  const datesGiven = dto.date !== undefined || dto.from !== undefined || dto.to !== undefined;
  let dateFrom = dto.date ?? dto.from ?? base?.dateFrom;
  let dateTo = dto.date ?? dto.to ?? base?.dateTo;
  if (!base && dto.date === undefined && (dto.from === undefined) !== (dto.to === undefined))
    bad(dto.from ? 'to' : 'from', {
      ja: '期間は開始日と終了日の両方を入れてください。',
      en: 'A period needs both its first and its last day.',
      problem: 'from and to go together',
    });
  if (dateFrom === undefined || dateTo === undefined)
    bad('date', {
      ja: '日付を入れてください（期間なら開始日と終了日）。',
      en: 'Enter a date (for a period, its first and last day).',
      problem: 'date (or from and to) is required',
    });
  dateFrom ??= '';
  dateTo ??= '';
  // a date not in the calendar, under the name it was sent as (one date is both ends)
  if (dto.date !== undefined && dto.date && !isRealDate(dto.date)) problems.push(notCalendarDate('date', dto.date));
  else
    for (const [f, v] of [
      ['from', dateFrom],
      ['to', dateTo],
    ] as const)
      if (v && !isRealDate(v)) problems.push(notCalendarDate(f, v));
  if (isRealDate(dateFrom) && isRealDate(dateTo)) {
    // (only when the dates, or whether it is urgent, are written: an edit of other fields leaves the
    // state's own refusal to speak; named after what was sent: an edit taking urgent off names that)
    const passed =
      !base || datesGiven || dto.urgent === false
        ? lastDayPassed(dto.date !== undefined ? 'date' : datesGiven ? 'to' : 'urgent', dateTo, days, urgent)
        : null;
    if (dateFrom > dateTo) problems.push(toBeforeFrom());
    else if (passed) problems.push(passed);
    else if (daysBetween(dateFrom, dateTo) + 1 > MAX_RANGE_DAYS)
      bad('to', {
        ja: `一件の申請は最長 ${MAX_RANGE_DAYS} 日までです。`,
        en: `One request covers at most ${MAX_RANGE_DAYS} days.`,
        problem: `a request covers at most ${MAX_RANGE_DAYS} days`,
      });
    else if (dateTo > CALENDAR_KNOWN_UNTIL) problems.push(pastTheCalendar(dto.date !== undefined ? 'date' : 'to'));
  }
  const part = dto.part ?? base?.part ?? 'full';
  const hours = part === 'hours';
  const startTime = hours ? (dto.startTime ?? base?.startTime ?? null) : null;
  const endTime = hours ? (dto.endTime ?? base?.endTime ?? null) : null;
  if (hours && (!startTime || !endTime))
    bad('startTime', {
      ja: '時間単位の申請には開始時刻と終了時刻が必要です。',
      en: 'A request by the hour needs a start and an end time.',
      problem: 'part=hours needs startTime and endTime',
    });
  else if (hours && startTime! >= endTime!)
    bad('endTime', {
      ja: '終了時刻は開始時刻より後にしてください。',
      en: 'The end time must be after the start time.',
      problem: 'endTime must be after startTime',
    });
  if (!hours && (dto.startTime !== undefined || dto.endTime !== undefined))
    bad('startTime', {
      ja: '開始・終了時刻は時間単位の申請のときだけ入れられます。',
      en: 'Start and end times are only for a request by the hour.',
      problem: 'startTime and endTime go with part=hours only',
    });
  const location = dto.location ?? base?.location ?? 'home';
  const satelliteOfficeId =
    location === 'satellite' ? (dto.satelliteOfficeId ?? base?.satelliteOfficeId ?? null) : null;
  const locationText = location === 'other' ? (dto.locationText ?? base?.locationText ?? null) : null;
  if (location === 'satellite' && !satelliteOfficeId)
    bad('satelliteOfficeId', {
      ja: 'サテライトオフィス勤務にはオフィスの指定が必要です。',
      en: 'Work at a satellite office needs the office chosen.',
      problem: 'location=satellite needs satelliteOfficeId',
    });
  if (location === 'other' && !hasVisibleText(locationText))
    bad('locationText', {
      ja: '「その他」の勤務場所には場所の記入が必要です。',
      en: 'Another place of work needs the place written in.',
      problem: 'location=other needs locationText',
    });
  if (location !== 'other' && dto.locationText !== undefined)
    bad('locationText', {
      ja: '場所の記入は勤務場所が「その他」のときだけできます。',
      en: 'A place is written in only when the place of work is "other".',
      problem: 'locationText goes with location=other only',
    });
  if (location !== 'satellite' && dto.satelliteOfficeId !== undefined)
    bad('satelliteOfficeId', {
      ja: 'オフィスの指定はサテライトオフィス勤務のときだけできます。',
      en: 'An office is chosen only for work at a satellite office.',
      problem: 'satelliteOfficeId goes with location=satellite only',
    });
  const tasks = dto.tasks ?? base?.tasks;
  if (!tasks)
    bad('tasks', {
      ja: '業務を一つ以上入力してください。',
      en: 'Enter at least one task.',
      problem: 'at least one task is required',
    });
  // the levels are the policy's (機密性 1–3, or 3A/3B/3C where it splits 3): a task being written names one
  const { levels } = rules;
  if (levels)
    dto.tasks?.forEach((t, i) => {
      if (!levels.includes(String(t.confidentiality)))
        bad(`tasks.${i}.confidentiality`, {
          ja: `機密性は規程の区分（${levels.join('、')}）のいずれかにしてください。`,
          en: `The confidentiality level must be one of the policy's levels: ${levels.join(', ')}.`,
          problem: `confidentiality must be one of the policy's levels: ${levels.join(', ')}`,
        });
    });
  if (problems.length) throw invalidFields(...problems);
  return {
    dateFrom,
    dateTo,
    part,
    startTime,
    endTime,
    location,
    satelliteOfficeId,
    locationText,
    tasks: tasks!.map((t) => ({
      description: t.description,
      networkTier: t.networkTier,
      confidentiality: t.confidentiality,
      ...(t.system ? { system: t.system } : {}),
    })),
    // an edit sends null to clear these (absent: keep what the request has); blank text is none
    deviceId: dto.deviceId !== undefined ? dto.deviceId : (base?.deviceId ?? null),
    reason: dto.reason !== undefined ? blankAsNull(dto.reason) : (base?.reason ?? null),
    contact: dto.contact !== undefined ? blankAsNull(dto.contact) : (base?.contact ?? null),
    // (hourly telework with hourly leave: a request that is no longer by the hour is not)
    withLeave: hours ? (dto.withLeave ?? base?.withLeave ?? false) : false,
    urgent,
  };
}
