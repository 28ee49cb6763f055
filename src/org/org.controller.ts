import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { SatelliteOfficeDto } from './org-responses.dto';
import { PoolDeviceDto, PoolDevicesQuery } from './dto/pool-devices.dto';
import { StaffDirectoryDto, StaffSearchQuery } from './dto/staff-search.dto';
import { OrgService, type DeviceRef, type SatelliteOffice, type StaffDirectoryEntry } from './org.service';

/** The organisation as requests name it: what a form offers to choose from. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('staff')
  @ApiOperation({
    summary: 'The staff directory: who a staff id is (職員検索), for the fields that take one',
    description:
      'Active staff whose id, name (kanji, kana, romaji), department or section contains `q`. Forms that name ' +
      'a person (a deputy, the new approver of a reroute, whose absences) offer these as they are typed.',
  })
  @ApiOkResponse({ type: StaffDirectoryDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INTERNAL')
  staff(@Query() q: StaffSearchQuery): Promise<{ items: StaffDirectoryEntry[]; more: boolean }> {
    return this.org.searchStaff(q.q, q.limit ?? 20);
  }

  @Get('satellite-offices')
  @ApiOperation({ summary: 'The satellite offices a request may name, with their seats' })
  @ApiOkResponse({ type: [SatelliteOfficeDto] })
  @ApiErrors('UNAUTHENTICATED', 'INTERNAL')
  satelliteOffices(): Promise<SatelliteOffice[]> {
    return this.org.satelliteOffices();
  }

  @Get('pool-devices')
  @ApiOperation({
    summary: 'The shared devices lent per day (共用の貸出端末), for those without a loaned device of their own',
    description:
      'Send one as `deviceId`. The policy counts pool devices per day (device_pool) and lends each to one ' +
      'person a day (pool_device_booking): when all are booked, or the one named is, the request says so. ' +
      'With `from` (and `to`), each device lists the days of that period it is booked on (`bookedOn`), so that ' +
      'a form can say so first; a period of more than 366 days, or `to` without `from`, is a 400.',
  })
  @ApiOkResponse({ type: [PoolDeviceDto] })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INTERNAL')
  poolDevices(@Query() q: PoolDevicesQuery): Promise<DeviceRef[]> {
    if (q.from === undefined && q.to === undefined) return this.org.poolDevices();
    return this.org.poolBookings(q);
  }
}
