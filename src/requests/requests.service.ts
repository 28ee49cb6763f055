import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RemoteWorkRequestEvent } from '../../workflows';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Db } from '../database/db.service';
import { WorkflowRuntime, type StepResult } from '../workflow-runtime/workflow-runtime.service';
import type { CreateRequestDto, ListRequestsQuery, UpdateRequestDto } from './dto/request.dto';
import { mergeShape, type RequestShape } from './request-shape';
import { RequestsRepository, type RequestRow } from './requests.repository';
import { toView, type RequestView, type TimelineEntry } from './request.view';

const MACHINE = 'remote-work-request';

/** Staff-side lifecycle of a remote-work request: draft, edit, submit, withdraw, cancel. */
@Injectable()
export class RequestsService {
  constructor(
    private readonly db: Db,
    private readonly runtime: WorkflowRuntime,
    private readonly repo: RequestsRepository,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateRequestDto): Promise<RequestView> {
    const shape = mergeShape(null, dto);
    const id = randomUUID();
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      await this.repo.checkReferences(m, shape);
      await this.runtime.start(
        m,
        MACHINE,
        {
          instanceId: id,
          input: { requesterId: caller.id, lastDate: shape.dateTo },
          actorId: caller.id,
          note: { dateFrom: shape.dateFrom, dateTo: shape.dateTo },
        },
        now,
      );
      await this.repo.insert(m, { id, caller, shape, status: 'draft', now });
    });
    return this.get(caller, id);
  }

  async update(caller: Caller, id: string, dto: UpdateRequestDto, ifMatch?: number): Promise<RequestView> {
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      const row = await this.lockOwn(m, caller, id);
      const shape = mergeShape(this.repo.shapeOf(row), dto);
      await this.repo.checkReferences(m, shape);
      const r = await this.runtime.step(
        m,
        MACHINE,
        {
          instanceId: id,
          event: { type: 'request.edit' },
          actorId: caller.id,
          expectedVersion: dto.expectedVersion ?? ifMatch,
          note: { changed: Object.keys(dto).filter((k) => k !== 'expectedVersion') },
        },
        now,
      );
      await this.repo.updateShape(m, id, shape, r.version, now);
    });
    return this.get(caller, id);
  }

  submit(caller: Caller, id: string, expectedVersion?: number): Promise<RequestView> {
    return this.transition(caller, id, { type: 'request.submit', outcome: 'allow' }, expectedVersion);
  }

  withdraw(caller: Caller, id: string, expectedVersion?: number, comment?: string): Promise<RequestView> {
    return this.transition(caller, id, { type: 'request.withdraw' }, expectedVersion, comment);
  }

  cancel(caller: Caller, id: string, expectedVersion?: number, comment?: string): Promise<RequestView> {
    return this.transition(caller, id, { type: 'request.cancel', today: this.clock.today() }, expectedVersion, comment);
  }

  async get(caller: Caller, id: string): Promise<RequestView> {
    return this.db.read(async (m) => {
      const row = await this.repo.find(m, id);
      if (!row || row.requester_id !== caller.id) throw DomainError.of('REQUEST_NOT_FOUND', { id });
      const timeline: TimelineEntry[] = await this.repo.timeline(m, id);
      return toView(row, timeline);
    });
  }

  list(caller: Caller, q: ListRequestsQuery): Promise<{ items: RequestView[]; next?: string }> {
    return this.db.read((m) => this.repo.listOwn(m, caller.id, q));
  }

  private async transition(
    caller: Caller,
    id: string,
    event: RemoteWorkRequestEvent,
    expectedVersion?: number,
    comment?: string,
  ): Promise<RequestView> {
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      await this.lockOwn(m, caller, id);
      const r: StepResult = await this.runtime.step(
        m,
        MACHINE,
        {
          instanceId: id,
          event: event as StepResult['event'],
          actorId: caller.id,
          expectedVersion,
          note: comment ? { comment } : undefined,
        },
        now,
      );
      await this.repo.updateStatus(
        m,
        [{ id, status: r.to, version: r.version }],
        now,
        event.type === 'request.submit' ? 'submitted' : undefined,
      );
    });
    return this.get(caller, id);
  }

  /** Locks the caller's own request row; another's request is reported as not found. */
  private async lockOwn(m: EntityManager, caller: Caller, id: string): Promise<RequestRow> {
    const row = await this.repo.find(m, id, true);
    if (!row || row.requester_id !== caller.id) throw DomainError.of('REQUEST_NOT_FOUND', { id });
    return row;
  }
}

export type { RequestShape };
