import { Type } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsOptional, IsString, ValidateBy, ValidateNested } from 'class-validator';
import type { ValidationOptions } from 'class-validator';
import type { Message } from '../common/domain-error';
import { tryParseClock, tryParseDay, tryParseMonthDay } from './dates';

/** Building blocks shared by the telework, calendar and rule schemas. */

const isString = (v: unknown): v is string => typeof v === 'string';

/** A real calendar date 'YYYY-MM-DD' (2026-02-30 is refused). */
export function IsDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDay',
      validator: {
        validate: (v: unknown) => isString(v) && tryParseDay(v) !== null,
        defaultMessage: (a) => `${a?.property ?? 'value'} must be a date written YYYY-MM-DD`,
      },
    },
    options,
  );
}

/** 'YYYY-MM-DD' (once) or 'MM-DD' (every year). */
export function IsDayOrMonthDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDayOrMonthDay',
      validator: {
        validate: (v: unknown) => isString(v) && (tryParseDay(v) !== null || tryParseMonthDay(v) !== null),
        defaultMessage: (a) =>
          `${a?.property ?? 'value'} must be a date YYYY-MM-DD, or MM-DD for a date that recurs every year`,
      },
    },
    options,
  );
}

/** 'HH:MM', 24-hour clock. */
export function IsClock(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isClock',
      validator: {
        validate: (v: unknown) => isString(v) && tryParseClock(v) !== null,
        defaultMessage: (a) => `${a?.property ?? 'value'} must be a time written HH:MM (00:00–23:59)`,
      },
    },
    options,
  );
}

/** A confidentiality level: a short string or an integer (e.g. 2, "3A"). */
export function IsLevel(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLevel',
      validator: {
        validate: (v: unknown) => (isString(v) && v.length > 0 && v.length <= 8) || Number.isInteger(v),
        defaultMessage: (a) => `${a?.property ?? 'value'} must be a confidentiality level such as 1, 2, 3 or "3A"`,
      },
    },
    options,
  );
}

export class LabelSpec {
  @IsString() @IsNotEmpty() ja!: string;
  @IsString() @IsNotEmpty() en!: string;
}

/** A day or span of days, once or every year; `to` defaults to `from`. */
export class DaySpanSpec {
  @IsOptional() @ValidateNested() @Type(() => LabelSpec) label?: LabelSpec;
  @IsDefined() @IsDayOrMonthDay() from!: string;
  @IsOptional() @IsDayOrMonthDay() to?: string;
}

/** The problem with a span: mixed forms, or a one-off span that ends before it starts. */
export function spanProblem(from: string, to: string | undefined): Message | null {
  if (to === undefined) return null;
  const a = tryParseDay(from);
  const b = tryParseDay(to);
  if ((a === null) !== (b === null))
    return {
      ja: 'from と to は両方 YYYY-MM-DD か、両方 MM-DD にしてください。',
      en: 'from and to must both be YYYY-MM-DD or both be MM-DD',
    };
  if (a !== null && b !== null && b < a) return endsBeforeStart(from, to);
  return null;
}

/** Ids of a policy file (rules, routes, steps, classes…): short, lower-case, safe in URLs and logs. */
export const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** What an id that is not ID says: `what` names it (`id`, `class id "X"`), `example` shows one. */
export function idProblem(what: Message, example: string): Message {
  return {
    ja: `${what.ja}は英小文字・数字・-・_ で 64 文字まで（例: ${example}）にしてください。`,
    en: `${what.en} must be lower-case letters, digits, - or _ (at most 64), e.g. ${example}`,
  };
}

/** An id used a second time in a list of the file: `duplicate rule id "x" (first used by rules[2])`. */
export function duplicateId(what: Message, id: string, list: string, first: number): Message {
  return {
    ja: `${what.ja} id "${id}" が重複しています（${list}[${first}] が先に使っています）。`,
    en: `duplicate ${what.en} id "${id}" (first used by ${list}[${first}])`,
  };
}

/** `to` before `from` in a span of a policy file. */
export function endsBeforeStart(from: string, to: string): Message {
  return { ja: `to（${to}）が from（${from}）より前です。`, en: `to (${to}) is before from (${from})` };
}
