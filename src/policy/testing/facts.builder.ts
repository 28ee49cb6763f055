import type { DayFacts, PolicyFacts } from '../policy.facts';

/** Facts for tests and policy cases: a request the shipped policy allows, to be patched per case. */

export type DeepPartial<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/** A patch of PolicyFacts; `perDay['*']` applies to every requested date. */
export type FactsPatch = DeepPartial<Omit<PolicyFacts, 'perDay'>> & {
  perDay?: Record<string, DeepPartial<DayFacts>>;
};

export const SAMPLE_DAY: DayFacts = {
  section: { headcount: 9, inOffice: 7 },
  department: { headcount: 29, inOffice: 22 },
  devicePool: { capacity: 100, inUse: 60 },
  satelliteSeats: { capacity: 12, inUse: 4 },
};

/** 政策室 shunin, regular staff, one LGWAN task at home on a loaned PC they hold, filed Friday for Tuesday. */
const SAMPLE: Omit<PolicyFacts, 'perDay'> = {
  requester: {
    id: 'S-0101',
    departmentId: 'PLAN',
    sectionId: 'PLAN-01',
    grade: 'shunin',
    employmentType: 'regular',
    flags: [],
    section: { counterService: false, handlesMyNumber: false },
  },
  request: {
    dates: ['2026-12-08'],
    part: 'full',
    location: 'home',
    tasks: [{ description: '予算資料の作成', networkTier: 'lgwan', confidentiality: 2, system: 'groupware' }],
    device: { id: 'PC-017', kind: 'loaned', remoteCapable: true, holderId: 'S-0101' },
  },
  submittedOn: '2026-12-04',
  history: [],
};

export function sampleFacts(patch: FactsPatch = {}): PolicyFacts {
  const { perDay, ...rest } = patch;
  const facts = deepMerge(SAMPLE, rest) as Omit<PolicyFacts, 'perDay'>;
  const days: Record<string, DayFacts> = {};
  for (const date of facts.request.dates) {
    days[date] = deepMerge(deepMerge(SAMPLE_DAY, perDay?.['*'] ?? {}), perDay?.[date] ?? {}) as DayFacts;
  }
  return { ...facts, perDay: days };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays, scalars and null replace. Inputs are not changed. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Keys a facts patch may use, so a typo in a policy case fails instead of testing nothing. */
const ATTENDANCE = { headcount: null, inOffice: null };
const CAPACITY = { capacity: null, inUse: null };
const DAY_KEYS = {
  section: ATTENDANCE,
  department: ATTENDANCE,
  devicePool: { ...CAPACITY, deviceBooked: null },
  satelliteSeats: CAPACITY,
};
type KeyTree = { [key: string]: KeyTree | null };
const FACT_KEYS: KeyTree = {
  requester: {
    id: null,
    departmentId: null,
    sectionId: null,
    grade: null,
    employmentType: null,
    flags: null,
    holdsRemoteDevice: null,
    section: { counterService: null, handlesMyNumber: null },
  },
  request: {
    dates: null,
    part: null,
    startTime: null,
    endTime: null,
    location: null,
    satelliteOfficeId: null,
    locationText: null,
    tasks: null,
    device: { id: null, kind: null, remoteCapable: null, holderId: null },
    withLeave: null,
    urgent: null,
  },
  submittedOn: null,
  history: null,
  awayDays: null,
  perDay: null,
};

/** Paths of keys in a facts patch that PolicyFacts does not have. */
export function unknownFactKeys(patch: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, keys: KeyTree, path: string): void => {
    if (!isPlainObject(value)) return;
    for (const [k, v] of Object.entries(value)) {
      if (!(k in keys)) out.push(`${path}${k}`);
      else if (keys[k]) walk(v, keys[k], `${path}${k}.`);
    }
  };
  walk(patch, FACT_KEYS, '');
  if (isPlainObject(patch) && isPlainObject(patch.perDay)) {
    for (const [date, day] of Object.entries(patch.perDay)) walk(day, DAY_KEYS, `perDay.${date}.`);
  }
  return out;
}
