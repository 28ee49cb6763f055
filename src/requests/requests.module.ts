import { Module } from '@nestjs/common';
import { WorkflowRuntimeModule } from '../workflow-runtime/workflow-runtime.module';
import { RequestsController } from './requests.controller';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';

@Module({
  imports: [WorkflowRuntimeModule],
  controllers: [RequestsController],
  providers: [RequestsService, RequestsRepository],
  exports: [RequestsService, RequestsRepository],
})
export class RequestsModule {}
