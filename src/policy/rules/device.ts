import { IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { DEVICE_KINDS, NETWORK_TIERS } from '../policy.facts';
import type { DeviceKind, NetworkTier } from '../policy.facts';
import type { EvalContext, Label } from '../policy.types';
import { dayFacts, defineRule, fire, pass } from './rule-kit';

/** Which device remote work needs. A security rule: never relaxed by emergency mode. */
export class DeviceRequiredParams {
  /** Tasks on these tiers need the device; left out = every request needs one. */
  @IsOptional() @IsArray() @IsIn(NETWORK_TIERS, { each: true }) tiers?: NetworkTier[];
  /** Device kinds allowed (default: loaned only). */
  @IsOptional() @IsArray() @IsIn(DEVICE_KINDS, { each: true }) kinds?: DeviceKind[];
  /** The device must reach the internal network from outside (default true). */
  @IsOptional() @IsBoolean() remoteCapable?: boolean;
}

interface DeviceCompiled {
  tiers?: ReadonlySet<NetworkTier>;
  kinds: ReadonlySet<DeviceKind>;
  remoteCapable: boolean;
}

const DEVICE_PROBLEMS: Record<'missing' | 'kind' | 'capable' | 'holder', Label> = {
  missing: { ja: '使用する端末が指定されていません', en: 'no device is named' },
  kind: { ja: 'この種類の端末は認められていません', en: 'this kind of device is not allowed' },
  capable: {
    ja: 'この端末は庁外から庁内ネットワークに接続できません',
    en: 'this device cannot reach the internal network from outside',
  },
  holder: { ja: 'この端末は他の職員に貸与されています', en: 'this device is lent to another member of staff' },
};

export const deviceRequiredRule = defineRule<DeviceRequiredParams, DeviceCompiled>({
  type: 'device_required',
  params: DeviceRequiredParams,
  optionalParams: true,
  security: true,
  placeholders: ['tiers', 'deviceId', 'deviceKind', 'problem'],
  passMessage: { ja: '端末の条件を満たしています。', en: 'The device requirement is met.' },
  compile: (p) => ({
    tiers: p.tiers ? new Set(p.tiers) : undefined,
    kinds: new Set(p.kinds ?? ['loaned']),
    remoteCapable: p.remoteCapable ?? true,
  }),
  check: (c, ctx) => {
    const { tasks, device } = ctx.facts.request;
    const tiers = c.tiers ? [...new Set(tasks.map((t) => t.networkTier).filter((t) => c.tiers?.has(t)))] : [];
    if (c.tiers && tiers.length === 0) return pass({ tiers, deviceId: device?.id ?? null });
    const facts: Record<string, unknown> = { tiers, deviceId: device?.id ?? null, deviceKind: device?.kind ?? null };
    let problem: Label | null = null;
    if (!device) problem = DEVICE_PROBLEMS.missing;
    else if (!c.kinds.has(device.kind)) problem = DEVICE_PROBLEMS.kind;
    else if (c.remoteCapable && !device.remoteCapable) problem = DEVICE_PROBLEMS.capable;
    else if (device.holderId !== null && device.holderId !== ctx.facts.requester.id) problem = DEVICE_PROBLEMS.holder;
    if (!problem) return pass(facts);
    facts.problem = problem;
    return fire(facts);
  },
});

/** The request's device when it is one of the shared pool (loaned, held by no one), else null. */
function poolDeviceOf(ctx: EvalContext) {
  const device = ctx.facts.request.device;
  return device && device.kind === 'loaned' && device.holderId === null ? device : null;
}

/** The shared pool of loaned devices (holderId null) has a fixed number per day. Takes no params. */
export const devicePoolRule = defineRule<object, null>({
  type: 'device_pool',
  params: null,
  placeholders: ['date', 'capacity', 'inUse', 'deviceId'],
  passMessage: {
    ja: '共用端末に空きがあります（または共用端末を使いません）。',
    en: 'A pool device is free (or none is needed).',
  },
  compile: () => null,
  check: (_c, ctx) => {
    const device = poolDeviceOf(ctx);
    if (!device) return pass({ deviceId: ctx.facts.request.device?.id ?? null });
    for (let i = 0; i < ctx.days.length; i++) {
      const pool = dayFacts(ctx, i).devicePool;
      if (pool.inUse + 1 > pool.capacity) {
        return fire({ date: ctx.dates[i], capacity: pool.capacity, inUse: pool.inUse, deviceId: device.id });
      }
    }
    return pass({ deviceId: device.id });
  },
});

/**
 * The pool is for those without a remote-capable device of their own: one who holds one and names a
 * pool device takes a slot from someone who has none (their own is broken, say: the approver's call,
 * with effect needs_exception). Takes no params.
 */
export const poolDeviceOwnFirstRule = defineRule<object, null>({
  type: 'pool_device_own_first',
  params: null,
  placeholders: ['deviceId'],
  passMessage: {
    ja: '自分の貸与端末がないため共用端末を使います（または共用端末を使いません）。',
    en: 'No remote-capable device of one’s own, so a pool device may be used (or none is used).',
  },
  compile: () => null,
  check: (_c, ctx) => {
    const device = poolDeviceOf(ctx);
    if (!device || ctx.facts.requester.holdsRemoteDevice !== true)
      return pass({ deviceId: ctx.facts.request.device?.id ?? null });
    return fire({ deviceId: device.id });
  },
});

/**
 * The pool device a request names is lent to one person a day: another approved or pending request
 * booking it that day (whatever the pool's count) refuses this one. Takes no params.
 */
export const poolDeviceBookingRule = defineRule<object, null>({
  type: 'pool_device_booking',
  params: null,
  placeholders: ['date', 'deviceId'],
  passMessage: {
    ja: '指定の共用端末はその日ほかの予約がありません（または共用端末を使いません）。',
    en: 'The pool device named is not booked by anyone else that day (or none is used).',
  },
  compile: () => null,
  check: (_c, ctx) => {
    const device = poolDeviceOf(ctx);
    if (!device) return pass({ deviceId: ctx.facts.request.device?.id ?? null });
    for (let i = 0; i < ctx.days.length; i++) {
      if (dayFacts(ctx, i).devicePool.deviceBooked) return fire({ date: ctx.dates[i], deviceId: device.id });
    }
    return pass({ deviceId: device.id });
  },
});
