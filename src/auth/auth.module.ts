import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { OrgModule } from '../org/org.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { sharedDemoSecret } from './demo-secret';

@Module({
  imports: [
    OrgModule,
    JwtModule.registerAsync({
      inject: [AppConfig, Db, Clock],
      // demo mode without JWT_SECRET: the one secret the database keeps for all its processes
      useFactory: async (c: AppConfig, db: Db, clock: Clock) => {
        // (AppConfig.fromEnv refuses this too; a config built in code must not sign with "")
        if (!c.jwtSecret && !c.demo) throw new Error('JWT_SECRET must be set outside demo mode (TELEFLOW_DEMO=false).');
        return {
          secret: c.jwtSecret || (await sharedDemoSecret(db, clock.now())),
          signOptions: { expiresIn: c.jwtTtlSeconds },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
