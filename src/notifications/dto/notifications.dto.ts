import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, Matches, ValidateIf } from 'class-validator';
import { MessageDto } from '../../common/api-errors';
import { NOTIFICATION_KINDS } from '../notifications.service';
import { bilingual, Optional } from '../../common/field-problems';
import { PageLimit } from '../../common/query-integer';

/** A notification id: the decimal digits of a bigint. */
const ID = /^[1-9][0-9]{0,17}$/;

export class NotificationsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only unread ones' })
  @Optional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';

  @PageLimit(200, 50)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @Optional()
  @Matches(
    ID,
    bilingual({ ja: '一覧の next をそのまま渡してください。', en: '$property must be a cursor from `next`' }),
  )
  cursor?: string;
}

export class MarkReadDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'These (the caller’s own; others are ignored); all when left out',
  })
  @ValidateIf((o: MarkReadDto) => o.ids !== undefined) // null is refused, not taken for "all"
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(ID, {
    each: true,
    ...bilingual({ ja: 'お知らせの id を指定してください。', en: '$property must hold notification ids' }),
  })
  ids?: string[];
}

export class NotificationDto {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The request it is about' })
  requestId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The telework registration it is about (kinds registration.*)',
  })
  registrationId!: string | null;
  @ApiProperty({ type: MessageDto, description: 'For people, in Japanese and English' }) message!: MessageDto;
  @ApiProperty({ format: 'date-time', description: 'When it happened (not when it was delivered)' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: unread' })
  readAt!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'Newest first' }) items!: NotificationDto[];
  @ApiProperty({ description: 'How many of the caller’s notifications are unread (all pages)' }) unread!: number;
  @ApiPropertyOptional({ description: 'Cursor of the next page (pass as `cursor`); absent on the last page' })
  next?: string;
}

export class UnreadCountDto {
  @ApiProperty({ description: 'Unread notifications left' }) unread!: number;
}
