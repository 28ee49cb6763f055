import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/domain-error';
import type { Role } from '../org/org.entities';
import { OrgService } from '../org/org.service';
import { IS_PUBLIC, ROLES_KEY, type Caller } from './caller';

/** Global guard: a valid bearer token of an active staff member, and the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly org: OrgService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; caller?: Caller }>();
    // (the scheme's name is case-insensitive: RFC 9110 §11.1)
    // one scheme and one token: anything after the token is no part of it (b64token has no spaces)
    const [scheme, token, ...more] = (req.headers.authorization ?? '').trim().split(/ +/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || more.length) throw DomainError.of('UNAUTHENTICATED');
    let sub: string;
    try {
      sub = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
    } catch {
      throw DomainError.of('UNAUTHENTICATED', undefined, {
        ja: 'トークンが無効です。',
        en: 'The token is invalid or expired.',
      });
    }
    const caller = await this.org.findCaller(sub);
    if (!caller) throw DomainError.of('UNAUTHENTICATED');
    req.caller = caller;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.some((r) => caller.roles.includes(r))) throw DomainError.of('FORBIDDEN');
    return true;
  }
}
