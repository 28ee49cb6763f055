import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Observable } from 'rxjs';
import { invalidFields, unknownField } from './field-problems';

/**
 * Refuses query parameters sent to an endpoint that reads none (no `@Query()` among its
 * arguments), as an endpoint with a query DTO refuses a name it does not know: 400
 * VALIDATION_FAILED naming each. Without it `GET /inbox/summary?department=X` answered the
 * whole box, the filter silently dropped, where `GET /inbox?department=X` filters.
 */
@Injectable()
export class UnreadQueryInterceptor implements NestInterceptor {
  private readonly readsQuery = new WeakMap<object, boolean>();

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const query = ctx.switchToHttp().getRequest<{ query?: Record<string, unknown> }>().query ?? {};
    const names = Object.keys(query);
    if (names.length && !this.reads(ctx)) throw invalidFields(...names.slice(0, 100).map((k) => unknownField(k)));
    return next.handle();
  }

  private reads(ctx: ExecutionContext): boolean {
    const handler = ctx.getHandler();
    let known = this.readsQuery.get(handler);
    if (known === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), handler.name) ?? {}) as object;
      known = Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.QUERY));
      this.readsQuery.set(handler, known);
    }
    return known;
  }
}
