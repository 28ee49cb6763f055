import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Caller } from '../auth/caller';
import { ApiErrors, SENDS_BODY } from '../common/api-errors';
import { MarkReadDto, NotificationPageDto, NotificationsQuery, UnreadCountDto } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'The caller’s notifications (お知らせ): decisions on their requests, reminders of their tasks',
    description:
      'Delivered from the outbox a few seconds after the change that caused them (TELEFLOW_OUTBOX_INTERVAL_MS). ' +
      'Kinds: request.approved, request.rejected and request.returned (with the decider’s comment as the reason), ' +
      'request.revoked (with who and why), ' +
      'request.expired (to the requester), task.reminder (to the holders of a task past its reminder time), ' +
      'task.daiketsu (to a deputy, for an item that came to them in an absent approver’s place), task.kouetsu ' +
      '(to an approver, for a review owed afterwards, with why), task.escalated (to whom an overdue item came up), ' +
      'work.started and work.ended (to the supervisor: a teleworker’s start and end reports, with the note, and ' +
      'when the start came before or the end after the planned hours), notice.filed (to the approver of a ' +
      'registration: a day filed under it as a notice), approval.cancelled (to whose approval a cancelled request ' +
      'had, with the reason), and registration.submitted, registration.approved, registration.rejected, ' +
      'registration.revoked, registration.revokedApproval and registration.withdrawn (to the other side of a ' +
      'telework registration).',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INTERNAL')
  list(@CurrentUser() c: Caller, @Query() q: NotificationsQuery) {
    return this.notifications.list(c, { unread: q.unread === 'true', limit: q.limit, cursor: q.cursor });
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the caller’s notifications read: those listed, or all' })
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiErrors(...SENDS_BODY)
  markRead(@CurrentUser() c: Caller, @Body() body: MarkReadDto) {
    return this.notifications.markRead(c, body.ids);
  }
}
