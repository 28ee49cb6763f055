import { pullForwardRefusal, returnTargets, type KessaiQueueContext } from '../../workflows';
import { DomainError } from '../common/domain-error';

/**
 * A route's refusal (INVALID_TRANSITION from its machine, which says only the state and the event)
 * said for the caller, from the same rules the machine's guards use: why 引上げ is not theirs
 * (`pullForwardRefusal`), which steps a 差し戻し may name (`returnTargets`). Any other refusal, or one
 * of a route no longer in progress, stays as the route gave it. `route`: the route as planned.
 */
export function explainedRouteRefusal(
  error: DomainError,
  event: { type: string; by?: string; toStep?: number },
  route: { value: unknown; context: unknown } | undefined,
): DomainError {
  if (error.code !== 'INVALID_TRANSITION' || !route || route.value !== 'inProgress') return error;
  const context = route.context as KessaiQueueContext;
  if (event.type === 'step.pullForward' && event.by !== undefined) {
    const reason = pullForwardRefusal(context, event.by);
    return reason
      ? DomainError.of('INVALID_TRANSITION', { state: 'inProgress', event: event.type, reason }, PULL_FORWARD[reason])
      : error;
  }
  if (event.type === 'step.return' && typeof event.toStep === 'number') {
    const allowed = returnTargets(context);
    return allowed.includes(event.toStep) ? error : returnRefusal(event.toStep, context.current, allowed);
  }
  return error;
}

/** A return to `toStep` from `step`, which may name only the steps `allowed`: which ones. */
export function returnRefusal(toStep: number, step: number, allowed: number[]): DomainError {
  const said = allowed.length
    ? {
        ja: `差し戻し先（toStep）にできるのは、この案件の段（${step}）より前の、供覧でない段（${allowed.join('、')}）です。申請者へ戻すときは toStep を指定しません。`,
        en: `toStep must name a step before this item's (${step}) that is not for information (供覧): ${allowed.join(', ')}; leave it out to return to the applicant.`,
      }
    : {
        ja: '前に戻せる段がないため、この案件は申請者へだけ差し戻せます（toStep を指定しないでください）。',
        en: 'There is no earlier step to return this item to: it can only be returned to the applicant (leave toStep out).',
      };
  return DomainError.of('INVALID_TRANSITION', { toStep, step, allowed }, said);
}

const PULL_FORWARD = {
  requester: {
    ja: '自分の申請は引き上げられません。',
    en: 'You cannot pull your own request forward (引上げ).',
  },
  notLaterApprover: {
    ja: '引上げは、この申請のルートで今の段より後の段の決裁者だけができます。',
    en: "Only an approver of a later step on this request's route can pull it forward (引上げ).",
  },
  consultation: {
    ja: '引上げは合議を飛び越せません。合議の同意を待ってから決裁してください。',
    en: 'A pull-forward (引上げ) cannot pass over a consultation (合議): wait for it to agree, then decide.',
  },
} as const;
