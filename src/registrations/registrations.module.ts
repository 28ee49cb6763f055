import { Module } from '@nestjs/common';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';

@Module({ controllers: [RegistrationsController], providers: [RegistrationsService], exports: [RegistrationsService] })
export class RegistrationsModule {}
