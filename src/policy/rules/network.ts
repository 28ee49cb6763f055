import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import { LOCATIONS } from '../policy.facts';
import type { Location, NetworkTier } from '../policy.facts';
import type { Label, ParamProblem } from '../policy.types';
import { IsLevel, LabelSpec } from '../schema.common';
import { defineRule, fire, pass } from './rule-kit';

/** Security rules of the three-tier model (三層の対策): never relaxed by emergency mode. */

export class TierLocations {
  @IsOptional() @IsArray() @IsIn(LOCATIONS, { each: true }) internet?: Location[];
  @IsOptional() @IsArray() @IsIn(LOCATIONS, { each: true }) lgwan?: Location[];
  @IsOptional() @IsArray() @IsIn(LOCATIONS, { each: true }) mynumber?: Location[];
}

/** For each tier, the places its tasks may be done from; a tier left out is not limited; [] = office only. */
export class NetworkLocationParams {
  @IsDefined() @ValidateNested() @Type(() => TierLocations) allowed!: TierLocations;
}

type TierMap = Partial<Record<NetworkTier, ReadonlySet<Location>>>;

export const networkLocationRule = defineRule<NetworkLocationParams, TierMap>({
  type: 'network_location',
  params: NetworkLocationParams,
  security: true,
  placeholders: ['task', 'tier', 'location', 'allowedLocations'],
  passMessage: {
    ja: '業務の系統はこの場所から扱えます。',
    en: 'The tasks’ network tiers may be used from this place.',
  },
  compile: (p) => {
    const out: TierMap = {};
    for (const [tier, locs] of Object.entries(p.allowed))
      if (locs) out[tier as NetworkTier] = new Set(locs as Location[]);
    return out;
  },
  check: (c, ctx) => {
    const { location, tasks } = ctx.facts.request;
    for (const task of tasks) {
      const allowed = c[task.networkTier];
      if (allowed && !allowed.has(location)) {
        return fire({ task: task.description, tier: task.networkTier, location, allowedLocations: [...allowed] });
      }
    }
    return pass({ location, tiers: tasks.map((t) => t.networkTier) });
  },
});

export class LocationLevels {
  @IsDefined() @IsLevel() home!: number | string;
  @IsDefined() @IsLevel() satellite!: number | string;
  @IsDefined() @IsLevel() other!: number | string;
}

/** The highest confidentiality level (機密性) a task may have at each place. */
export class ConfidentialityParams {
  @IsDefined() @ValidateNested() @Type(() => LocationLevels) maxLevel!: LocationLevels;
}

export const confidentialityRule = defineRule<ConfidentialityParams, Record<Location, number>>({
  type: 'confidentiality',
  params: ConfidentialityParams,
  security: true,
  placeholders: ['task', 'level', 'location', 'maxLevel'],
  passMessage: {
    ja: '情報の機密性はこの場所で扱える範囲です。',
    en: 'The data’s confidentiality level is allowed at this place.',
  },
  compile: (p, env) => ({
    home: env.levels.get(String(p.maxLevel.home)) ?? -1,
    satellite: env.levels.get(String(p.maxLevel.satellite)) ?? -1,
    other: env.levels.get(String(p.maxLevel.other)) ?? -1,
  }),
  check: (c, ctx) => {
    const { location, tasks } = ctx.facts.request;
    const ceiling = c[location];
    for (const task of tasks) {
      const level = String(task.confidentiality);
      // An unknown level counts as the highest: fail closed.
      const rank = ctx.levels.get(level) ?? Number.POSITIVE_INFINITY;
      if (rank > ceiling)
        return fire({ task: task.description, level, location, maxLevel: levelName(ctx.levels, ceiling) });
    }
    return pass({ location, maxLevel: levelName(ctx.levels, ceiling) });
  },
  problems: (p, env) => {
    const out: ParamProblem[] = [];
    for (const loc of LOCATIONS) {
      const v = String(p.maxLevel[loc]);
      if (!env.levels.has(v)) {
        out.push({
          path: ['maxLevel', loc],
          message: {
            ja: `区分 ${v} は confidentialityLevels（${[...env.levels.keys()].join(', ')}）にありません。`,
            en: `level ${v} is not one of confidentialityLevels (${[...env.levels.keys()].join(', ')})`,
          },
        });
      }
    }
    return out;
  },
});

function levelName(levels: ReadonlyMap<string, number>, rank: number): string {
  for (const [name, r] of levels) if (r === rank) return name;
  return '—';
}

export class SystemSpec {
  @IsString() @IsNotEmpty() id!: string;
  @IsDefined() @ValidateNested() @Type(() => LabelSpec) label!: LabelSpec;
}

/** Systems that cannot be reached from outside the office (e.g. payroll). */
export class RemoteSystemsParams {
  @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => SystemSpec) systems!: SystemSpec[];
}

export const remoteSystemsRule = defineRule<RemoteSystemsParams, ReadonlyMap<string, Label>>({
  type: 'remote_systems',
  params: RemoteSystemsParams,
  security: true,
  placeholders: ['task', 'system'],
  passMessage: {
    ja: '庁外から使えないシステムを使う業務はありません。',
    en: 'No task needs a system that is unreachable from outside.',
  },
  compile: (p) => new Map(p.systems.map((s) => [s.id, { ja: s.label.ja, en: s.label.en }])),
  check: (c, ctx) => {
    for (const task of ctx.facts.request.tasks) {
      const label = task.system === undefined ? undefined : c.get(task.system);
      if (label) return fire({ task: task.description, system: label });
    }
    return pass({ systems: ctx.facts.request.tasks.flatMap((t) => (t.system ? [t.system] : [])) });
  },
  problems: (p) => {
    const seen = new Set<string>();
    return p.systems.flatMap((s, i) => {
      const twice = seen.has(s.id);
      seen.add(s.id);
      return twice
        ? [
            {
              path: ['systems', i, 'id'],
              message: { ja: `システム "${s.id}" が二度書かれています。`, en: `system "${s.id}" is listed twice` },
            },
          ]
        : [];
    });
  },
});
