import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { DeviceDto } from '../../auth/auth-responses.dto';
import { Optional } from '../../common/field-problems';
import { DATE, DATE_MSG, IsCalendarDate } from '../../requests/dto/request.dto';

/** GET /api/v1/pool-devices: the shared devices, and which days of a period are booked already. */
export class PoolDevicesQuery {
  @ApiPropertyOptional({
    example: '2026-12-08',
    description: 'With it, each device says the days from here to `to` (or this day alone) it is booked on',
  })
  @Optional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-10', description: 'The period’s last day; needs `from`' })
  @Optional()
  @Matches(DATE, DATE_MSG)
  @IsCalendarDate()
  to?: string;
}

/** A shared device, with the days of the period asked for that a pending or approved request books it. */
export class PoolDeviceDto extends DeviceDto {
  @ApiProperty({
    type: [String],
    required: false,
    example: ['2026-12-08'],
    description:
      'Only with `from`: the days of the period a request awaiting decision or approved books it, whoever’s ' +
      'it is (the pool_device_booking rule refuses a second booking of a device for a day)',
  })
  bookedOn?: string[];
}
