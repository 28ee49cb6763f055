import type { Grade } from '../../org/org.entities';
import type { Resolver } from './routing.types';

/** The organisation as route resolution sees it: filled from the database by the caller. */

export interface RouteOrgStaff {
  id: string;
  grade: Grade;
  departmentId: string;
  sectionId: string;
  supervisorId: string | null;
  /** false: the post is vacant (left, on long leave); the reporting line still runs through it. */
  active?: boolean;
}

export interface RouteOrg {
  /** Staff by id; an id missing here, or inactive, names nobody. */
  staff: ReadonlyMap<string, RouteOrgStaff>;
  sectionHead: ReadonlyMap<string, string>;
  departmentHead: ReadonlyMap<string, string>;
  /** 副市長 */
  deputyMayor: string | null;
}

export interface RouteRequester {
  id: string;
  departmentId: string;
  sectionId: string;
  supervisorId: string | null;
}

export interface OrgView {
  org: RouteOrg;
  requester: RouteRequester;
}

/** An id that names an active staff member, or null. */
export function active(v: OrgView, id: string | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  return v.org.staff.get(id)?.active === false || !v.org.staff.has(id) ? null : id;
}

/** The one person a resolver names for this requester, or null (vacant, unknown, or a group). */
export function resolveOne(v: OrgView, r: Resolver): string | null {
  const { org, requester } = v;
  switch (r.kind) {
    case 'supervisor':
      return active(v, requester.supervisorId);
    case 'section_head':
      return active(v, org.sectionHead.get(r.sectionId ?? requester.sectionId));
    case 'department_head':
      return active(v, org.departmentHead.get(requester.departmentId));
    case 'deputy_mayor':
      return active(v, org.deputyMayor);
    case 'staff':
      return active(v, r.staffId);
    case 'grade':
      return gradeHolder(v, r.grade, r.within);
    case 'section':
      return null;
  }
}

/** Everyone a resolver names (a section's members, sorted by id), without the vacant. */
export function resolveMany(v: OrgView, r: Resolver): string[] {
  if (r.kind !== 'section') {
    const one = resolveOne(v, r);
    return one === null ? [] : [one];
  }
  return [...v.org.staff.values()]
    .filter((s) => s.sectionId === r.sectionId && s.active !== false)
    .map((s) => s.id)
    .sort();
}

/** The first active person above `id` on the reporting line who is not the requester. */
export function above(v: OrgView, id: string): string | null {
  const seen = new Set([id]);
  let next = v.org.staff.get(id)?.supervisorId ?? null;
  while (next !== null && !seen.has(next)) {
    seen.add(next);
    if (next !== v.requester.id && active(v, next) !== null) return next;
    next = v.org.staff.get(next)?.supervisorId ?? null;
  }
  return null;
}

/**
 * `grade:<g>@section|department`: the first holder of that grade on the requester's reporting
 * line inside the unit; failing that, the unit's only holder of the grade (several: ambiguous).
 */
function gradeHolder(v: OrgView, grade: Grade, within: 'section' | 'department'): string | null {
  const inUnit = (id: string): boolean => {
    const s = v.org.staff.get(id);
    const unit = within === 'section' ? v.requester.sectionId : v.requester.departmentId;
    const inside = s !== undefined && (within === 'section' ? s.sectionId : s.departmentId) === unit;
    return inside && s.grade === grade && s.active !== false;
  };
  const seen = new Set<string>();
  for (
    let id = v.requester.supervisorId;
    id !== null && !seen.has(id);
    id = v.org.staff.get(id)?.supervisorId ?? null
  ) {
    seen.add(id);
    if (inUnit(id)) return id;
  }
  const holders = [...v.org.staff.keys()].filter(inUnit);
  return holders.length === 1 ? (holders[0] ?? null) : null;
}
