import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { RequestsModule } from '../requests/requests.module';
import { WorkflowRuntimeModule } from '../workflow-runtime/workflow-runtime.module';
import { ApprovalTasksRepository } from './approval-tasks.repository';
import { DecisionsService } from './decisions.service';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

@Module({
  imports: [WorkflowRuntimeModule, RequestsModule, PolicyModule],
  controllers: [InboxController],
  providers: [ApprovalTasksRepository, DecisionsService, InboxService],
  exports: [ApprovalTasksRepository, DecisionsService],
})
export class InboxModule {}
