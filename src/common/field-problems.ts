import { getMetadataStorage, Matches, ValidateIf, type ValidationError, type ValidationOptions } from 'class-validator';
import { VISIBLE_CHARACTER } from '../../workflows/text';
import { DomainError, type Message } from './domain-error';
import { CALENDAR_KNOWN_UNTIL, daysBetween, isRealDate } from './clock';

/**
 * One field's entry in a VALIDATION_FAILED answer's `details`: `problems` in English (what it
 * always held; stable for scripts) and `messages`, the same problems in both languages, for
 * people (a sentence for the field's label to head). The pages show `messages` in the reader's
 * language.
 */
export interface FieldProblems {
  field: string;
  problems: string[];
  messages: Message[];
}

/**
 * A field's problems, each said in both languages. `problem`: what `problems` says to a script,
 * in the API's terms (field names, values), where the message says it to a person; else the English.
 */
export function fieldProblems(field: string, ...messages: (Message & { problem?: string })[]): FieldProblems {
  return {
    field,
    problems: messages.map((m) => m.problem ?? m.en),
    // people read a sentence: "invalid cursor" for a script is "Invalid cursor." for them
    messages: messages.map(({ ja, en }) => ({ ja, en: asSentence(en) })),
  };
}

/** A name the call does not take (a body field, a query parameter), as class-validator's whitelist says it. */
export function unknownField(field: string, name = field): FieldProblems {
  return { field, problems: [`property ${name} should not exist`], messages: [SAID.whitelistValidation!([], false)] };
}

function asSentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?)」]$/.test(capital) ? capital : `${capital}.`;
}

/** The VALIDATION_FAILED error naming these fields. */
export function invalidFields(...fields: FieldProblems[]): DomainError {
  return DomainError.of('VALIDATION_FAILED', fields);
}

/**
 * Options of a check whose message is its own: the English as class-validator's `message`, the
 * Japanese in the check's `context`, where `validationProblems` finds it.
 */
export function bilingual(said: Message): ValidationOptions {
  // people read it under the field's label: "$property must …" says "The value must …" there, as a
  // sentence (scripts keep class-validator's words, without the full stop)
  return { message: said.en, context: { ja: said.ja, en: asSentence(said.en.replace(/\$property/g, 'The value')) } };
}

/**
 * An optional field: left out (undefined), its checks are skipped; null is checked as any other
 * value, and so refused. class-validator's IsOptional skips null as well, and an approve-matching
 * filter of `{"requester": null}` then selected every requester.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object, value: unknown) => value !== undefined);

/**
 * Text that must say something: spaces or invisible characters alone are refused (a reason or a
 * task of "   " or "\u200b" says nothing).
 */
export const NotBlank = (): PropertyDecorator =>
  Matches(VISIBLE_CHARACTER, bilingual({ ja: '空白だけの入力はできません。', en: '$property must not be blank' }));

/**
 * class-validator's errors as FieldProblems, nested fields dotted (`decisions.3.action`):
 * `problems` class-validator's own English (it names the field; scripts have read it since the
 * start), `messages` the same problems as people read them, under the field's label.
 */
export function validationProblems(errors: readonly ValidationError[], prefix = ''): FieldProblems[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const constraints = e.constraints && withoutFollowOns(e, e.constraints);
    const own = constraints
      ? [
          {
            field,
            problems: Object.values(constraints),
            messages: Object.entries(constraints).map(([name, en]) => ({
              ja: japanese(e, name),
              en: english(e, name, en),
            })),
          },
        ]
      : [];
    return [...own, ...validationProblems(e.children ?? [], field + '.')];
  });
}

/** Checks of a value's type: one that fails says what is wrong. */
const TYPE_CHECKS = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject']);
/**
 * Checks that a value of the wrong type fails as well, saying something untrue of it ("0" is not
 * "less than 0"), each with what it measures: a value of that kind is measured truly (-1.5 is
 * both no integer and less than 0).
 */
const FOLLOW_ON_CHECKS: Record<string, (value: unknown) => boolean> = {
  min: isNumber,
  max: isNumber,
  isLength: isString,
  minLength: isString,
  maxLength: isString,
  matches: isString,
  arrayMinSize: Array.isArray,
  arrayMaxSize: Array.isArray,
};

function isNumber(value: unknown): boolean {
  return typeof value === 'number';
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

/**
 * A value of the wrong type is told its type, not also the bounds it cannot be measured against.
 * A check of each item (`each`) measures the items, not the value: it is kept.
 */
function withoutFollowOns(e: ValidationError, constraints: Record<string, string>): Record<string, string> {
  const names = Object.keys(constraints);
  if (!names.some((n) => TYPE_CHECKS.has(n))) return constraints;
  return Object.fromEntries(
    Object.entries(constraints).filter(([n]) => {
      const measures = FOLLOW_ON_CHECKS[n];
      return !measures || measures(e.value) || declaredCheck(e, n)?.each === true;
    }),
  );
}

/**
 * The Japanese of one failed check: the check's own (`bilingual`), else the sentence of its kind
 * of check with the figures it was declared with (`@Max(10)` → 10).
 */
export function japanese(e: ValidationError, name: string): string {
  const own = (e.contexts?.[name] as { ja?: unknown } | undefined)?.ja;
  if (typeof own === 'string') return own;
  return sentence(e, name)?.ja ?? GENERAL_JA;
}

/**
 * The English a person reads of one failed check: the check's own message (`bilingual`), else
 * the sentence of its kind of check with its figures, else class-validator's (`message`).
 */
function english(e: ValidationError, name: string, message: string): string {
  const own = e.contexts?.[name] as { ja?: unknown; en?: unknown } | undefined;
  if (typeof own?.ja === 'string') return typeof own.en === 'string' ? own.en : message;
  return sentence(e, name)?.en ?? message;
}

/** What a check of this kind says, with the figures it was declared with; undefined when that cannot be told. */
function sentence(e: ValidationError, name: string): Message | undefined {
  const declared = declaredCheck(e, name);
  const say = SAID[name];
  // (a sentence that quotes figures needs the declaration: without it, only the general one is true)
  if (!say || (!declared && QUOTES_FIGURES.has(name))) return undefined;
  return say(declared?.constraints ?? [], declared?.each ?? false);
}

/** The metadata of the check `name` on the error's property: its figures, and whether it checks each item. */
function declaredCheck(e: ValidationError, name: string): { constraints: unknown[]; each: boolean } | undefined {
  const target = e.target as object | undefined;
  if (!target || typeof target.constructor !== 'function') return undefined;
  const storage = getMetadataStorage();
  const found = storage
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((md) => md.propertyName === e.property && checkName(md) === name);
  return found
    ? { constraints: (found.constraints as unknown[] | undefined) ?? [], each: found.each === true }
    : undefined;

  function checkName(md: { type: string; constraintCls: unknown }): string {
    if (md.type !== 'customValidation') return md.type;
    return storage.getTargetValidatorConstraints(md.constraintCls as never)[0]?.name ?? md.type;
  }
}

/** What a check of a kind SAID does not know says in Japanese (its English says the rest). */
export const GENERAL_JA = '値が正しくありません。';

type Say = (constraints: unknown[], each: boolean) => Message;
const QUOTES_FIGURES = new Set([
  'isIn',
  'min',
  'max',
  'minLength',
  'maxLength',
  'isLength',
  'arrayMinSize',
  'arrayMaxSize',
]);
const subject = (each: boolean) => (each ? '各要素' : '値');
const Subject = (each: boolean) => (each ? 'Each item' : 'The value');
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));

/**
 * What every kind of check the DTOs and policy schemas use says, in both languages, by
 * class-validator's name for it: a sentence for the field's label to head, so it names no field.
 * `field-problems.spec.ts` checks that every check declared in the app has one.
 */
export const SAID: Readonly<Record<string, Say>> = {
  isDefined: () => ({ ja: '必須の項目です。', en: 'This is required.' }),
  whitelistValidation: () => ({
    ja: 'この項目は受け付けていません（不明な項目名）。',
    en: 'This field is not accepted (unknown name).',
  }),
  nestedValidation: (_, each) => ({
    ja: `${subject(each)}はオブジェクトか配列にしてください。`,
    en: `${Subject(each)} must be an object or a list.`,
  }),
  isString: (_, each) => ({ ja: `${subject(each)}は文字列にしてください。`, en: `${Subject(each)} must be text.` }),
  isInt: (_, each) => ({
    ja: `${subject(each)}は整数にしてください。`,
    en: `${Subject(each)} must be a whole number.`,
  }),
  isNumber: (_, each) => ({ ja: `${subject(each)}は数値にしてください。`, en: `${Subject(each)} must be a number.` }),
  isBoolean: (_, each) => ({
    ja: `${subject(each)}は true か false にしてください。`,
    en: `${Subject(each)} must be true or false.`,
  }),
  isArray: () => ({ ja: '配列にしてください。', en: 'The value must be a list.' }),
  isObject: (_, each) => ({
    ja: `${subject(each)}はオブジェクトにしてください。`,
    en: `${Subject(each)} must be an object.`,
  }),
  isNotEmpty: (_, each) => ({
    ja: `${subject(each)}を空にすることはできません。`,
    en: `${Subject(each)} must not be empty.`,
  }),
  arrayNotEmpty: () => ({ ja: '一つ以上指定してください。', en: 'Give at least one.' }),
  arrayUnique: () => ({ ja: '同じものを二度指定することはできません。', en: 'Give each one once only.' }),
  isIn: ([values], each) => ({
    ja: `${subject(each)}は次のいずれかにしてください: ${list(values)}`,
    en: `${Subject(each)} must be one of: ${list(values)}`,
  }),
  isUuid: (_, each) => ({ ja: `${subject(each)}は UUID にしてください。`, en: `${Subject(each)} must be a UUID.` }),
  isIso8601: (_, each) => ({
    ja: `${subject(each)}は暦にある日付にしてください。`,
    en: `${Subject(each)} must be a real calendar date.`,
  }),
  matches: (_, each) => ({
    ja: `${subject(each)}の形式が正しくありません。`,
    en: `${Subject(each)} has the wrong form.`,
  }),
  min: ([n], each) => ({
    ja: `${subject(each)}は ${String(n)} 以上にしてください。`,
    en: `${Subject(each)} must be ${String(n)} or more.`,
  }),
  max: ([n], each) => ({
    ja: `${subject(each)}は ${String(n)} 以下にしてください。`,
    en: `${Subject(each)} must be ${String(n)} or less.`,
  }),
  minLength: ([n], each) => ({
    ja: `${subject(each)}は ${String(n)} 文字以上にしてください。`,
    en: `${Subject(each)} must be at least ${String(n)} characters long.`,
  }),
  maxLength: ([n], each) => ({
    ja: `${subject(each)}は ${String(n)} 文字以内にしてください。`,
    en: `${Subject(each)} must be at most ${String(n)} characters long.`,
  }),
  isLength: ([min, max], each) =>
    max === undefined
      ? {
          ja: `${subject(each)}は ${String(min)} 文字以上にしてください。`,
          en: `${Subject(each)} must be at least ${String(min)} characters long.`,
        }
      : min === 0
        ? {
            ja: `${subject(each)}は ${String(max)} 文字以内にしてください。`,
            en: `${Subject(each)} must be at most ${String(max)} characters long.`,
          }
        : {
            ja: `${subject(each)}は ${String(min)}〜${String(max)} 文字にしてください。`,
            en: `${Subject(each)} must be ${String(min)} to ${String(max)} characters long.`,
          },
  arrayMinSize: ([n]) => ({ ja: `${String(n)} 個以上指定してください。`, en: `Give at least ${String(n)}.` }),
  arrayMaxSize: ([n]) => ({ ja: `${String(n)} 個以内にしてください。`, en: `Give at most ${String(n)}.` }),
  isDay: (_, each) => ({
    ja: `${subject(each)}は YYYY-MM-DD の形の日付にしてください。`,
    en: `${Subject(each)} must be a date written YYYY-MM-DD.`,
  }),
  isDayOrMonthDay: (_, each) => ({
    ja: `${subject(each)}は YYYY-MM-DD の形の日付（毎年の日付なら MM-DD）にしてください。`,
    en: `${Subject(each)} must be a date written YYYY-MM-DD (MM-DD for every year).`,
  }),
  isClock: (_, each) => ({
    ja: `${subject(each)}は HH:MM の形の時刻（00:00〜23:59）にしてください。`,
    en: `${Subject(each)} must be a time written HH:MM (00:00 to 23:59).`,
  }),
  isLevel: (_, each) => ({
    ja: `${subject(each)}は 1、2、3、"3A" のような機密区分にしてください。`,
    en: `${Subject(each)} must be a confidentiality level such as 1, 2, 3 or "3A".`,
  }),
};

/** A `cursor` that no `next` of this list gave. */
export function invalidCursor(): DomainError {
  return invalidFields(
    fieldProblems('cursor', {
      ja: 'cursor が正しくありません。一覧の next をそのまま渡してください。',
      en: 'invalid cursor',
    }),
  );
}

/** A date that has the form YYYY-MM-DD but is not a day of the calendar (2026-02-30). */
export function notCalendarDate(field: string, value: string): FieldProblems {
  return fieldProblems(field, { ja: `${value} は暦にない日付です。`, en: `${value} is not a calendar date` });
}

/**
 * A span already over by `today` (Japan), of something that only acts from today on (an absence,
 * a delegation): it would change nothing, and no list would show it.
 */
export function endedBeforeToday(to: string, today: string, what: Message): FieldProblems {
  return fieldProblems('to', {
    ja: `終了日（${to}）が過ぎています。${what.ja}の終了日は今日（${today}）以降にしてください。`,
    en: `the ${what.en} would end on ${to}, before today (${today}): it must run to today or later`,
  });
}

/**
 * What is wrong with a period of something that acts from today on (an absence, a registration):
 * days that are no calendar days, an end before its start, more than `maxDays` days, or an end
 * already past `today`.
 */
export function periodProblems(
  p: { from: string; to: string },
  o: { maxDays: number; today: string; what: Message; longest: Message },
): FieldProblems[] {
  const problems: FieldProblems[] = [];
  for (const f of ['from', 'to'] as const) if (!isRealDate(p[f])) problems.push(notCalendarDate(f, p[f]));
  if (!problems.length && p.from > p.to) problems.push(toBeforeFrom());
  if (!problems.length && daysBetween(p.from, p.to) + 1 > o.maxDays) problems.push(fieldProblems('to', o.longest));
  if (!problems.length && p.to < o.today) problems.push(endedBeforeToday(p.to, o.today, o.what));
  if (!problems.length && p.to > CALENDAR_KNOWN_UNTIL) problems.push(pastTheCalendar('to'));
  return problems;
}

/** A day after the last one whose national holidays are known (CALENDAR_KNOWN_UNTIL). */
export function pastTheCalendar(field: string): FieldProblems {
  return fieldProblems(field, {
    ja: `${CALENDAR_KNOWN_UNTIL} より後の日は指定できません（祝日の暦がその日までです）。`,
    en: `Days after ${CALENDAR_KNOWN_UNTIL} cannot be given: the holiday calendar ends there.`,
    problem: `must not be after ${CALENDAR_KNOWN_UNTIL}, where the holiday calendar ends`,
  });
}

/** A span whose `to` is before its `from` (the fields as the call names them). */
export function toBeforeFrom(to = 'to', from = 'from'): FieldProblems {
  const [toName, fromName] = [to.split('.').at(-1)!, from.split('.').at(-1)!];
  return fieldProblems(to, {
    ja: '終了日を開始日より前にはできません。',
    en: 'The last day must not be before the first day.',
    problem: `${toName} must not be before ${fromName}`,
  });
}
