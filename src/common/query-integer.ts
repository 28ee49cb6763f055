import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * A query parameter holding a whole number, written in decimal digits: `limit=50`. Number()
 * would also read `1e2`, `0x10`, `10.0` or ` 5 `; those stay strings here, so that @IsInt
 * refuses them with a 400 naming the parameter.
 */
export const QueryInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value,
  );

/** The `limit` of a paged list: optional, decimal digits, 1…max, documented with its default. */
export const PageLimit = (max: number, byDefault: number): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', default: byDefault, minimum: 1, maximum: max }),
    IsOptional(),
    QueryInteger(),
    IsInt(),
    Min(1),
    Max(max),
  );
