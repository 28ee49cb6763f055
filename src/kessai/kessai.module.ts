import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module';
import { PolicyModule } from '../policy/policy.module';
import { RequestsModule } from '../requests/requests.module';
import { WorkflowRuntimeModule } from '../workflow-runtime/workflow-runtime.module';
import { AbsenceService } from './absence.service';
import { AbsencesRepository } from './absences.repository';
import { BacklogService } from './backlog.service';
import { DelegationService } from './delegation.service';
import { DelegationsRepository } from './delegations.repository';
import { AbsencesController, BacklogController, DelegationsController, RoutesController } from './kessai.controller';
import { KessaiRouter } from './kessai-router.service';
import { KessaiRoutes } from './kessai-routes.service';
import { KessaiTasks } from './kessai-tasks.service';
import { OrgAccess } from './org-access';
import { PullForwardService } from './pull-forward.service';
import { RerouteService } from './reroute.service';
import { ROUTING } from './routing.port';
import { RoutingSourceService } from './routing-source.service';
import { TimersService } from './timers.service';

/** Kessai (決裁) routes that know who is away: routes, absences, deputies, timers, backlog. */
@Module({
  imports: [WorkflowRuntimeModule, RequestsModule, InboxModule, PolicyModule],
  controllers: [AbsencesController, DelegationsController, BacklogController, RoutesController],
  providers: [
    AbsencesRepository,
    AbsenceService,
    BacklogService,
    DelegationsRepository,
    DelegationService,
    KessaiRouter,
    KessaiRoutes,
    KessaiTasks,
    OrgAccess,
    PullForwardService,
    RerouteService,
    TimersService,
    RoutingSourceService,
    { provide: ROUTING, useExisting: RoutingSourceService },
  ],
  exports: [TimersService, KessaiTasks],
})
export class KessaiModule {}
