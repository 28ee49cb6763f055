import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  getMetadataStorage,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  validateSync,
  type ValidationError,
} from 'class-validator';
// every module that declares checks: the app's DTOs (through its controllers) and the policy files' schemas
import '../app.module';
import '../policy/policy.schema';
import '../policy/routing/routing.schema';
import { DecisionsDto } from '../inbox/dto/inbox.dto';
import { CreateRequestDto } from '../requests/dto/request.dto';
import { SAID, validationProblems } from './field-problems';

type Metadata = {
  type: string;
  constraintCls: unknown;
  context?: { ja?: unknown };
  message?: unknown;
  target: unknown;
  propertyName: string;
};

/** Every check declared in the app, with class-validator's name for it. */
function declaredChecks(): { name: string; where: string; ownJa: boolean; ownEn: boolean }[] {
  const storage = getMetadataStorage();
  const all = (storage as unknown as { validationMetadatas: Map<unknown, Metadata[]> }).validationMetadatas;
  return [...all.values()].flat().flatMap((md) => {
    // IsOptional, ValidateIf, Allow: they decide whether to check, they fail nothing
    if (['conditionalValidation', 'whitelistValidation'].includes(md.type)) return [];
    const name =
      md.type === 'customValidation'
        ? (storage.getTargetValidatorConstraints(md.constraintCls as never)[0]?.name ?? md.type)
        : md.type;
    const where = `${(md.target as { name?: string }).name ?? '?'}.${md.propertyName}`;
    return [{ name, where, ownJa: typeof md.context?.ja === 'string', ownEn: md.message !== undefined }];
  });
}

describe('field problems: every check answers in Japanese and English', () => {
  it('every check the app declares has its words in both languages, its own or its kind of check', () => {
    const checks = declaredChecks();
    expect(checks.length).toBeGreaterThan(100);
    const missing = checks.filter((c) => !c.ownJa && !SAID[c.name]).map((c) => `${c.where}: ${c.name}`);
    expect(missing).toEqual([]);
    // a check that says its own English says its own Japanese too (bilingual), not its kind's general one
    // (ValidateNested carries class-validator's own message, which SAID says)
    const halfSaid = checks
      .filter((c) => c.ownEn && !c.ownJa && c.name !== 'nestedValidation')
      .map((c) => `${c.where}: ${c.name}`);
    expect(halfSaid).toEqual([]);
  });

  it('says each problem in both languages, with the figures the check was declared with', () => {
    const dto = plainToInstance(DecisionsDto, {
      decisions: [{ taskId: '', action: 'maybe', toStep: 2 }],
    });
    const problems = validationProblems(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
    const by = new Map(problems.map((p) => [p.field, p]));
    expect(by.get('decisions.0.taskId')?.messages).toEqual([
      { ja: '値は 1〜64 文字にしてください。', en: 'The value must be 1 to 64 characters long.' },
    ]);
    expect(by.get('decisions.0.action')?.messages).toEqual([
      {
        ja: '値は次のいずれかにしてください: approve, reject, return',
        en: 'The value must be one of: approve, reject, return',
      },
    ]);
    // a check's own Japanese, given beside its English message
    expect(by.get('decisions.0.toStep')?.messages).toEqual([
      { ja: 'toStep は action が return のときだけ指定できます。', en: 'toStep is only for action return' },
    ]);
    // for scripts, `problems` stay class-validator's English, which names the field
    expect(by.get('decisions.0.taskId')?.problems).toEqual(['taskId must be longer than or equal to 1 characters']);
    expect(by.get('decisions.0.action')?.problems).toEqual([
      'action must be one of the following values: approve, reject, return',
    ]);
  });

  it('quotes the bounds of number, length and list-size checks', () => {
    class Bounds {
      @IsInt() @Min(1) @Max(20) rank!: number;
      @MaxLength(5) code!: string;
      @ArrayMinSize(1) few!: string[];
      @ArrayMaxSize(3) many!: string[];
    }
    const said = (over: object) =>
      validationProblems(
        validateSync(Object.assign(new Bounds(), { rank: 5, code: 'ab', few: ['a'], many: [] }, over)),
      ).flatMap((p) => p.messages);
    expect(said({ rank: 0 })).toEqual([{ ja: '値は 1 以上にしてください。', en: 'The value must be 1 or more.' }]);
    expect(said({ rank: 21 })).toEqual([{ ja: '値は 20 以下にしてください。', en: 'The value must be 20 or less.' }]);
    expect(said({ code: 'abcdef' })).toEqual([
      { ja: '値は 5 文字以内にしてください。', en: 'The value must be at most 5 characters long.' },
    ]);
    expect(said({ few: [] })).toEqual([{ ja: '1 個以上指定してください。', en: 'Give at least 1.' }]);
    expect(said({ many: ['a', 'b', 'c', 'd'] })).toEqual([{ ja: '3 個以内にしてください。', en: 'Give at most 3.' }]);
  });

  it('tells a value of the wrong type its type, not also bounds it cannot be measured against', () => {
    const dto = plainToInstance(DecisionsDto, {
      decisions: [{ taskId: 'a', action: 'return', comment: 'c', toStep: '0' }],
    });
    const problems = validationProblems(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
    const toStep = problems.find((p) => p.field === 'decisions.0.toStep');
    // "0" failed Min(0) too, which said "must not be less than 0" of it
    expect(toStep?.problems).toEqual(['toStep must be an integer number']);
    expect(toStep?.messages).toHaveLength(1);
    // a number out of bounds is still told its bounds
    const low = plainToInstance(DecisionsDto, {
      decisions: [{ taskId: 'a', action: 'return', comment: 'c', toStep: -1 }],
    });
    const lowSaid = validationProblems(validateSync(low, { whitelist: true, forbidNonWhitelisted: true }));
    expect(lowSaid.find((p) => p.field === 'decisions.0.toStep')?.problems).toEqual(['toStep must not be less than 0']);
    // a number of the wrong kind is measured all the same: -1.5 is no integer, and less than 0
    const both = plainToInstance(DecisionsDto, {
      decisions: [{ taskId: 'a', action: 'return', comment: 'c', toStep: -1.5 }],
    });
    const bothSaid = validationProblems(validateSync(both, { whitelist: true, forbidNonWhitelisted: true }));
    expect(bothSaid.find((p) => p.field === 'decisions.0.toStep')?.problems).toEqual([
      'toStep must not be less than 0',
      'toStep must be an integer number',
    ]);
  });

  it('keeps a check of each item beside the type check of the list', () => {
    class Tags {
      @IsString({ each: true }) @MaxLength(3, { each: true }) tags!: unknown[];
    }
    const said = validationProblems(validateSync(Object.assign(new Tags(), { tags: ['abcd', 7] })));
    expect(said.flatMap((p) => p.problems).sort()).toEqual([
      'each value in tags must be a string',
      'each value in tags must be shorter than or equal to 3 characters',
    ]);
  });

  it('names an unknown key and a check of each item of a list as such', () => {
    const dto = plainToInstance(CreateRequestDto, { colour: 'red', tasks: [42] });
    const problems = validationProblems(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
    const by = new Map(problems.map((p) => [p.field, p]));
    expect(by.get('colour')?.messages).toEqual([
      { ja: 'この項目は受け付けていません（不明な項目名）。', en: 'This field is not accepted (unknown name).' },
    ]);
    expect(by.get('colour')?.problems).toEqual(['property colour should not exist']);
    expect(by.get('tasks')?.messages.map((m) => m.ja)).toContain('各要素はオブジェクトにしてください。');
  });

  it('a check of a kind it does not know, or whose declaration is out of reach, answers in general terms', () => {
    const unknown = { property: 'x', constraints: { someNewCheck: 'x is wrong' }, children: [] } as ValidationError;
    // no target: the figures an isIn sentence would quote are unknown, and no sentence says "undefined"
    const noTarget = { property: 'y', constraints: { isIn: 'y must be one of a, b' }, children: [] } as ValidationError;
    expect(validationProblems([unknown, noTarget])).toEqual([
      { field: 'x', problems: ['x is wrong'], messages: [{ ja: '値が正しくありません。', en: 'x is wrong' }] },
      {
        field: 'y',
        problems: ['y must be one of a, b'],
        messages: [{ ja: '値が正しくありません。', en: 'y must be one of a, b' }],
      },
    ]);
  });
});
