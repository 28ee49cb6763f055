import { Module, type DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import type { Clock } from './common/clock';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { InboxModule } from './inbox/inbox.module';
import { KessaiModule } from './kessai/kessai.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrgModule } from './org/org.module';
import { PolicyModule } from './policy/policy.module';
import { RequestsModule } from './requests/requests.module';
import { WorkReportsModule } from './work-reports/work-reports.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { WorkflowRuntimeModule } from './workflow-runtime/workflow-runtime.module';

/** What tests may replace. */
export interface AppOverrides {
  clock?: Clock;
}

/** The architecture at a glance: every feature module Teleflow runs. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req, res) => {
              const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            redact: ['req.headers.authorization'],
          },
        }),
        CommonModule.forRoot(overrides.clock),
        DatabaseModule,
        WorkflowRuntimeModule,
        OrgModule,
        AuthModule,
        PolicyModule,
        RequestsModule,
        InboxModule,
        KessaiModule,
        NotificationsModule,
        WorkReportsModule,
        RegistrationsModule,
      ],
      controllers: [HealthController],
    };
  }
}
