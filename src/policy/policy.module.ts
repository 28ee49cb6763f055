import { Module } from '@nestjs/common';
import { COLLECTIVE_LIMITS } from '../inbox/collective-limits.port';
import { FactsRepository } from './facts/facts.repository';
import { PolicyStore } from './policy-store.service';
import { PolicyVerdicts } from './policy-verdicts.service';

@Module({
  providers: [PolicyStore, PolicyVerdicts, FactsRepository, { provide: COLLECTIVE_LIMITS, useExisting: PolicyVerdicts }],
  exports: [PolicyStore, PolicyVerdicts, FactsRepository, COLLECTIVE_LIMITS],
})
export class PolicyModule {}
