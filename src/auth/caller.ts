import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { EmploymentType, Grade, Role } from '../org/org.entities';

/** The authenticated staff member behind a request. */
export interface Caller {
  id: string;
  nameJa: string;
  nameRomaji: string;
  departmentId: string;
  sectionId: string;
  grade: Grade;
  employmentType: EmploymentType;
  roles: Role[];
  supervisorId: string | null;
}

/** Admins and auditors read every request and absence; anyone else what concerns them. */
export const readsEverything = (c: Caller): boolean => c.roles.includes('admin') || c.roles.includes('auditor');

export const IS_PUBLIC = 'teleflow:public';
/** Marks a route that needs no bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ROLES_KEY = 'teleflow:roles';
/** Restricts a route to callers holding one of the roles. */
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<{ caller?: Caller }>();
  if (!req.caller) throw new Error('CurrentUser used on a public route');
  return req.caller;
});
