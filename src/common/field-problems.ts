import { getMetadataStorage, type ValidationError, type ValidationOptions } from 'class-validator';
import { DomainError, type Message } from './domain-error';

/**
 * One field's entry in a VALIDATION_FAILED answer's `details`: `problems` in English (what it
 * always held; stable for scripts) and `messages`, the same problems in both languages, for
 * people. The pages show `messages` in the reader's language.
 */
export interface FieldProblems {
  field: string;
  problems: string[];
  messages: Message[];
}

/** A field's problems, each said in both languages. */
export function fieldProblems(field: string, ...messages: Message[]): FieldProblems {
  return { field, problems: messages.map((m) => m.en), messages };
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
  return { message: said.en, context: { ja: said.ja } };
}

/** class-validator's errors as FieldProblems, nested fields dotted (`decisions.3.action`). */
export function validationProblems(errors: readonly ValidationError[], prefix = ''): FieldProblems[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = e.constraints
      ? [
          {
            field,
            problems: Object.values(e.constraints),
            messages: Object.entries(e.constraints).map(([name, en]) => ({ ja: japanese(e, name), en })),
          },
        ]
      : [];
    return [...own, ...validationProblems(e.children ?? [], field + '.')];
  });
}

/**
 * The Japanese of one failed check: the check's own (`bilingual`), else the sentence of its kind
 * of check with the figures it was declared with (`@Max(10)` → 10).
 */
export function japanese(e: ValidationError, name: string): string {
  const own = (e.contexts?.[name] as { ja?: unknown } | undefined)?.ja;
  if (typeof own === 'string') return own;
  const declared = declaredCheck(e, name);
  const say = JA[name];
  // (a sentence that quotes figures needs the declaration: without it, only the general one is true)
  if (!say || (!declared && QUOTES_FIGURES.has(name))) return GENERAL_JA;
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

/** What a check of a kind JA does not know says in Japanese (its English says the rest). */
export const GENERAL_JA = '値が正しくありません。';

type Say = (constraints: unknown[], each: boolean) => string;
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
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));

/**
 * The Japanese of every kind of check the DTOs and policy schemas use, by class-validator's
 * name for it. `field-problems.spec.ts` checks that every check declared in the app has one.
 */
export const JA: Readonly<Record<string, Say>> = {
  isDefined: () => '必須の項目です。',
  whitelistValidation: () => 'この項目は受け付けていません（不明な項目名）。',
  nestedValidation: (_, each) => `${subject(each)}はオブジェクトか配列にしてください。`,
  isString: (_, each) => `${subject(each)}は文字列にしてください。`,
  isInt: (_, each) => `${subject(each)}は整数にしてください。`,
  isNumber: (_, each) => `${subject(each)}は数値にしてください。`,
  isBoolean: (_, each) => `${subject(each)}は true か false にしてください。`,
  isArray: () => '配列にしてください。',
  isObject: (_, each) => `${subject(each)}はオブジェクトにしてください。`,
  isNotEmpty: (_, each) => `${subject(each)}を空にすることはできません。`,
  arrayNotEmpty: () => '一つ以上指定してください。',
  isIn: ([values], each) => `${subject(each)}は次のいずれかにしてください: ${list(values)}`,
  isUuid: (_, each) => `${subject(each)}は UUID にしてください。`,
  isIso8601: (_, each) => `${subject(each)}は暦にある日付にしてください。`,
  matches: (_, each) => `${subject(each)}の形式が正しくありません。`,
  min: ([n], each) => `${subject(each)}は ${String(n)} 以上にしてください。`,
  max: ([n], each) => `${subject(each)}は ${String(n)} 以下にしてください。`,
  minLength: ([n], each) => `${subject(each)}は ${String(n)} 文字以上にしてください。`,
  maxLength: ([n], each) => `${subject(each)}は ${String(n)} 文字以内にしてください。`,
  isLength: ([min, max], each) =>
    max === undefined
      ? `${subject(each)}は ${String(min)} 文字以上にしてください。`
      : min === 0
        ? `${subject(each)}は ${String(max)} 文字以内にしてください。`
        : `${subject(each)}は ${String(min)}〜${String(max)} 文字にしてください。`,
  arrayMinSize: ([n]) => `${String(n)} 個以上指定してください。`,
  arrayMaxSize: ([n]) => `${String(n)} 個以内にしてください。`,
  isDay: (_, each) => `${subject(each)}は YYYY-MM-DD の形の日付にしてください。`,
  isDayOrMonthDay: (_, each) => `${subject(each)}は YYYY-MM-DD の形の日付（毎年の日付なら MM-DD）にしてください。`,
  isClock: (_, each) => `${subject(each)}は HH:MM の形の時刻（00:00〜23:59）にしてください。`,
  isLevel: (_, each) => `${subject(each)}は 1、2、3、"3A" のような機密区分にしてください。`,
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

/** A span whose `to` is before its `from`. */
export function toBeforeFrom(): FieldProblems {
  return fieldProblems('to', {
    ja: '終了日（to）は開始日（from）より前にできません。',
    en: 'to must not be before from',
  });
}
