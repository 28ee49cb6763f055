import { Module } from '@nestjs/common';
import { WorkflowRuntime } from './workflow-runtime.service';

@Module({ providers: [WorkflowRuntime], exports: [WorkflowRuntime] })
export class WorkflowRuntimeModule {}
