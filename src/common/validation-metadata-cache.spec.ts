import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsString,
  MaxLength,
  registerDecorator,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { memoiseValidationMetadata } from './validation-metadata-cache';

class Item {
  @IsString() id!: string;
  @IsIn(['approve', 'reject']) action!: string;
}
class Batch {
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}
class Base {
  @IsString() name!: string;
}
class Derived extends Base {
  @MaxLength(3) code!: string;
}

const item = (id: unknown, action: unknown) => Object.assign(new Item(), { id, action });
const problems = (o: object) =>
  validateSync(o, { forbidUnknownValues: true }).flatMap((e) => [
    e.property,
    ...(e.children ?? []).flatMap((c) => [c.property, ...(c.children ?? []).map((g) => g.property)]),
  ]);

describe('memoiseValidationMetadata', () => {
  const storage = getMetadataStorage();
  const original = storage.getTargetValidationMetadatas.bind(storage);
  beforeAll(() => memoiseValidationMetadata(storage));

  it('answers what class-validator answers, for own and inherited rules and any options', () => {
    for (const target of [Item, Batch, Base, Derived])
      for (const [always, strict, groups] of [
        [false, false, undefined],
        [true, false, undefined],
        [false, true, ['g']],
      ] as const) {
        const mine = storage.getTargetValidationMetadatas(target, '', always, strict, groups as never);
        expect(mine).toEqual(original(target, '', always, strict, groups as never));
        expect(storage.getTargetValidationMetadatas(target, '', always, strict, groups as never)).toBe(mine);
      }
    expect(
      storage
        .getTargetValidationMetadatas(Derived, '', false, false)
        .map((m) => m.propertyName)
        .sort(),
    ).toEqual(['code', 'name']);
  });

  it('still finds every bad item of a nested batch', () => {
    const batch = Object.assign(new Batch(), { items: [item('a', 'approve'), item(7, 'approve'), item('c', 'x')] });
    expect(problems(batch)).toEqual(['items', '1', 'id', '2', 'action']);
    expect(problems(Object.assign(new Derived(), { name: 'n', code: 'long' }))).toEqual(['code']);
  });

  it('sees rules registered after a lookup', () => {
    expect(problems(Object.assign(new Base(), { name: 'n' }))).toEqual([]);
    class Late {
      value!: unknown;
    }
    expect(storage.getTargetValidationMetadatas(Late, '', false, false)).toEqual([]);
    registerDecorator({
      target: Late,
      propertyName: 'value',
      validator: { validate: (v: unknown) => v === 1 },
    });
    expect(storage.getTargetValidationMetadatas(Late, '', false, false)).toHaveLength(1);
    expect(problems(Object.assign(new Late(), { value: 2 }))).toEqual(['value']);
  });

  it('tells groups apart however they are spelled', () => {
    class Grouped {
      @IsString({ groups: ['a\u0000b'] }) x!: string;
      @IsString({ groups: ['a'] }) y!: string;
      @IsString() z!: string;
    }
    const spellings = [['a\u0000b'], ['a', 'b'], ['a'], [''], [], undefined];
    const names = (groups: string[] | undefined) =>
      storage.getTargetValidationMetadatas(Grouped, '', false, false, groups).map((m) => m.propertyName);
    for (const groups of spellings) names(groups); // every spelling memoised once
    for (const groups of spellings)
      expect(names(groups)).toEqual(original(Grouped, '', false, false, groups).map((m) => m.propertyName));
    expect(names(['a\u0000b'])).toEqual(['x']);
    expect(names(['a', 'b'])).toEqual(['y']);
  });

  it('hands out answers no caller can change', () => {
    expect(Object.isFrozen(storage.getTargetValidationMetadatas(Item, '', false, false))).toBe(true);
  });
});
