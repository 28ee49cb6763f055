import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { WorkflowRuntimeModule } from '../workflow-runtime/workflow-runtime.module';
import { RequestInstances } from './request-instances';
import { RequestsController } from './requests.controller';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';

@Module({
  imports: [WorkflowRuntimeModule, PolicyModule, RegistrationsModule],
  controllers: [RequestsController],
  providers: [RequestsService, RequestsRepository, RequestInstances],
  exports: [RequestsService, RequestsRepository],
})
export class RequestsModule {}
