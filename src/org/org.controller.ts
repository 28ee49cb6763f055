import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { SatelliteOfficeDto } from './org-responses.dto';
import { OrgService, type SatelliteOffice } from './org.service';

/** The organisation as requests name it: what a form offers to choose from. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('satellite-offices')
  @ApiOperation({ summary: 'The satellite offices a request may name, with their seats' })
  @ApiOkResponse({ type: [SatelliteOfficeDto] })
  @ApiErrors('UNAUTHENTICATED', 'INTERNAL')
  satelliteOffices(): Promise<SatelliteOffice[]> {
    return this.org.satelliteOffices();
  }
}
