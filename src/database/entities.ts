import { DepartmentEntity, DeviceEntity, SatelliteOfficeEntity, SectionEntity, StaffEntity } from '../org/org.entities';
import { ApprovalTaskEntity } from '../inbox/approval-task.entity';
import { AbsenceEntity, DelegationEntity, TimerEntity } from '../kessai/kessai.entities';
import { NotificationEntity } from '../notifications/notification.entity';
import { PolicyFileLoadEntity, PolicyVersionEntity, RequestDayEntity } from '../policy/policy.entities';
import { RemoteWorkRequestEntity } from '../requests/request.entity';
import { OutboxEntity, WorkflowEventEntity, WorkflowInstanceEntity } from '../workflow-runtime/workflow.entities';
import { WorkReportEntity } from '../work-reports/work-report.entity';
import { TeleworkRegistrationEntity } from '../registrations/registration.entity';
import { AppSecretEntity } from '../auth/app-secret.entity';

/** Every entity, for the data source (and migration:generate). */
export const ENTITIES = [
  DepartmentEntity,
  SectionEntity,
  StaffEntity,
  DeviceEntity,
  SatelliteOfficeEntity,
  WorkflowInstanceEntity,
  WorkflowEventEntity,
  OutboxEntity,
  RemoteWorkRequestEntity,
  ApprovalTaskEntity,
  PolicyVersionEntity,
  PolicyFileLoadEntity,
  RequestDayEntity,
  AbsenceEntity,
  DelegationEntity,
  TimerEntity,
  NotificationEntity,
  WorkReportEntity,
  TeleworkRegistrationEntity,
  AppSecretEntity,
];
