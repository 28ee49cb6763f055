import { Foundation1764100000000 } from './1764100000000-Foundation';
import { ApprovalTasks1764200000000 } from './1764200000000-ApprovalTasks';
import { PolicyVersions1764300000000 } from './1764300000000-PolicyVersions';
import { Kessai1764400000000 } from './1764400000000-Kessai';
import { PendingTaskIndexes1764500000000 } from './1764500000000-PendingTaskIndexes';
import { LeanEventLog1764600000000 } from './1764600000000-LeanEventLog';
import { RouteStepStatuses1764700000000 } from './1764700000000-RouteStepStatuses';
import { Notifications1764800000000 } from './1764800000000-Notifications';
import { TaskRowIsItsMachine1764900000000 } from './1764900000000-TaskRowIsItsMachine';
import { RequestLastDateFollowsEdits1765000000000 } from './1765000000000-RequestLastDateFollowsEdits';
import { RequestRowIsItsMachine1765100000000 } from './1765100000000-RequestRowIsItsMachine';
import { RequestDecidedOnBehalfOf1765200000000 } from './1765200000000-RequestDecidedOnBehalfOf';
import { WorkReports1765300000000 } from './1765300000000-WorkReports';
import { TeleworkRegistrations1765400000000 } from './1765400000000-TeleworkRegistrations';
import { AbsenceEndTimers1765500000000 } from './1765500000000-AbsenceEndTimers';
import { PolicyFileLoads1765600000000 } from './1765600000000-PolicyFileLoads';
import { AppSecrets1765700000000 } from './1765700000000-AppSecrets';
import { TimerRetries1765800000000 } from './1765800000000-TimerRetries';
import { DelegationEndTimers1765900000000 } from './1765900000000-DelegationEndTimers';
import { HeldTasksIndex1766000000000 } from './1766000000000-HeldTasksIndex';
import { LeaveDaysAndReturnIndexes1766100000000 } from './1766100000000-LeaveDaysAndReturnIndexes';

/** Every migration, oldest first. A new one is appended here (and generated with npm run migration:generate). */
export const MIGRATIONS = [
  Foundation1764100000000,
  ApprovalTasks1764200000000,
  PolicyVersions1764300000000,
  Kessai1764400000000,
  PendingTaskIndexes1764500000000,
  LeanEventLog1764600000000,
  RouteStepStatuses1764700000000,
  Notifications1764800000000,
  TaskRowIsItsMachine1764900000000,
  RequestLastDateFollowsEdits1765000000000,
  RequestRowIsItsMachine1765100000000,
  RequestDecidedOnBehalfOf1765200000000,
  WorkReports1765300000000,
  TeleworkRegistrations1765400000000,
  AbsenceEndTimers1765500000000,
  PolicyFileLoads1765600000000,
  AppSecrets1765700000000,
  TimerRetries1765800000000,
  DelegationEndTimers1765900000000,
  HeldTasksIndex1766000000000,
  LeaveDaysAndReturnIndexes1766100000000,
];
