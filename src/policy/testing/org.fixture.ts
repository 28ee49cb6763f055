import type { OrgReference } from '../policy.types';

/** The demo organisation's codes (shared/data/org-structure.csv) and satellite offices. */
const SECTIONS: Record<string, number> = {
  EXEC: 3,
  PLAN: 4,
  GENL: 4,
  CITZ: 5,
  WELF: 4,
  CHLD: 4,
  ENVR: 2,
  URBN: 3,
  ACCT: 1,
  ASSM: 1,
  EDUC: 6,
  ELEC: 1,
  AUDT: 1,
  AGRI: 1,
};

export const DEMO_ORG: OrgReference = {
  departments: Object.keys(SECTIONS),
  sections: Object.entries(SECTIONS).flatMap(([dept, n]) =>
    Array.from({ length: n }, (_, i) => `${dept}-${String(i + 1).padStart(2, '0')}`),
  ),
  satelliteOffices: ['SAT-KITA', 'SAT-EKIMAE'],
};
