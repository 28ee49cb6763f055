import { AllowanceController } from './allowance.controller';
import { AllowanceService } from './allowance.service';
import { AttendanceController } from './attendance.controller';
import { AttendanceService } from './attendance.service';
import { CalendarController } from './calendar.controller';
import {
  BusinessSystemsController,
  ConfidentialityLevelsController,
  RoutingClassesController,
} from './form-options.controller';
import { Module } from '@nestjs/common';
import { COLLECTIVE_LIMITS } from '../inbox/collective-limits.port';
import { FactsRepository } from './facts/facts.repository';
import { PolicyController } from './policy.controller';
import { PolicySimulation } from './policy-simulation.service';
import { PolicyStore } from './policy-store.service';
import { PolicyVerdicts } from './policy-verdicts.service';

@Module({
  controllers: [
    PolicyController,
    BusinessSystemsController,
    ConfidentialityLevelsController,
    RoutingClassesController,
    AttendanceController,
    AllowanceController,
    CalendarController,
  ],
  providers: [
    PolicyStore,
    PolicySimulation,
    AttendanceService,
    AllowanceService,
    PolicyVerdicts,
    FactsRepository,
    { provide: COLLECTIVE_LIMITS, useExisting: PolicyVerdicts },
  ],
  exports: [PolicyStore, PolicyVerdicts, FactsRepository, COLLECTIVE_LIMITS],
})
export class PolicyModule {}
