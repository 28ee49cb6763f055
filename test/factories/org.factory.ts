import type { TestApp } from '../support/test-app';

export interface SeededUser {
  id: string;
  grade: string;
  supervisorId: string | null;
  roles: string[];
  hasRemoteDevice: boolean;
  department: { id: string };
  section: { id: string };
  employmentType: string;
}

/** A supervisor with at least `n` regular subordinates in the seeded organisation. */
/** The demo organisation's staff, as the login picker lists them. */
export async function demoUsers(t: TestApp): Promise<SeededUser[]> {
  return (await t.http.get('/api/v1/auth/demo-users').expect(200)).body as SeededUser[];
}

export async function teamOf(t: TestApp, n: number, pick = 0): Promise<{ supervisor: string; members: string[] }> {
  const users = await demoUsers(t);
  const teams = new Map<string, string[]>();
  for (const u of users) {
    if (!u.supervisorId || u.employmentType !== 'regular' || u.roles.includes('supervisor')) continue;
    teams.set(u.supervisorId, [...(teams.get(u.supervisorId) ?? []), u.id]);
  }
  const fit = [...teams.entries()].filter(([, m]) => m.length >= n).sort(([a], [b]) => a.localeCompare(b));
  const team = fit[pick];
  if (!team) throw new Error(`no team of ${n}`);
  return { supervisor: team[0], members: team[1].slice(0, n) };
}
