import { ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { LOCATIONS } from '../policy.facts';
import type { Location } from '../policy.facts';
import type { Label, OrgRefUse } from '../policy.types';
import { dayFacts, defineRule, fire, pass } from './rule-kit';

/** Where telework may be done; a satellite office must be one of the registered ones. */
export class LocationParams {
  @IsArray() @ArrayNotEmpty() @IsIn(LOCATIONS, { each: true }) allowed!: Location[];
  /** Registered satellite offices (ids of satellite_offices); left out = any. */
  @IsOptional() @IsArray() @IsString({ each: true }) satelliteOffices?: string[];
}

interface LocationCompiled {
  allowed: ReadonlySet<Location>;
  offices?: ReadonlySet<string>;
}

const LOCATION_PROBLEMS: Record<'place' | 'office', Label> = {
  place: { ja: 'この場所でのテレワークは認められていません', en: 'telework from this place is not allowed' },
  office: { ja: '登録されたサテライトオフィスではありません', en: 'this is not a registered satellite office' },
};

export const locationRule = defineRule<LocationParams, LocationCompiled>({
  type: 'location',
  params: LocationParams,
  placeholders: ['location', 'locationText', 'satelliteOfficeId', 'allowed', 'problem'],
  passMessage: { ja: '勤務場所は認められた場所です。', en: 'The place of work is allowed.' },
  compile: (p) => ({
    allowed: new Set(p.allowed),
    offices: p.satelliteOffices ? new Set(p.satelliteOffices) : undefined,
  }),
  check: (c, ctx) => {
    const { location, satelliteOfficeId, locationText } = ctx.facts.request;
    const facts: Record<string, unknown> = {
      location,
      locationText: locationText ?? null,
      satelliteOfficeId: satelliteOfficeId ?? null,
      allowed: [...c.allowed],
    };
    let problem: Label | null = null;
    if (!c.allowed.has(location)) problem = LOCATION_PROBLEMS.place;
    else if (location === 'satellite' && c.offices && !(satelliteOfficeId && c.offices.has(satelliteOfficeId))) {
      problem = LOCATION_PROBLEMS.office;
    }
    if (!problem) return pass(facts);
    facts.problem = problem;
    return fire(facts);
  },
  references: (p) =>
    (p.satelliteOffices ?? []).map((value, i): OrgRefUse => ({
      kind: 'satelliteOffices',
      value,
      path: ['satelliteOffices', i],
    })),
});

/** Seats of the chosen satellite office per day. Takes no params. */
export const satelliteCapacityRule = defineRule<object, null>({
  type: 'satellite_capacity',
  params: null,
  placeholders: ['date', 'satelliteOfficeId', 'satelliteOffice', 'capacity', 'inUse'],
  passMessage: {
    ja: 'サテライトオフィスに空席があります（または利用しません）。',
    en: 'A satellite seat is free (or none is needed).',
  },
  compile: () => null,
  check: (_c, ctx) => {
    const { location, satelliteOfficeId } = ctx.facts.request;
    // Without an office there is no seat to count: the location rule reports the missing office.
    if (location !== 'satellite' || !satelliteOfficeId) return pass({ satelliteOfficeId: null });
    for (let i = 0; i < ctx.days.length; i++) {
      const seats = dayFacts(ctx, i).satelliteSeats;
      if (!seats)
        throw new TypeError(
          `PolicyFacts.perDay[${ctx.dates[i] ?? ''}].satelliteSeats is required for a satellite request`,
        );
      if (seats.inUse + 1 > seats.capacity) {
        return fire({
          date: ctx.dates[i],
          satelliteOfficeId: satelliteOfficeId ?? null,
          // its name in each language where the facts know it (formatValue picks the language)
          satelliteOffice: ctx.facts.request.satelliteOffice ?? satelliteOfficeId,
          capacity: seats.capacity,
          inUse: seats.inUse,
        });
      }
    }
    return pass({ satelliteOfficeId: satelliteOfficeId ?? null });
  },
});
