import { Clock } from '../../src/common/clock';

/** A clock tests control: dates in fixtures stay valid whenever the suite runs. */
export class FixedClock extends Clock {
  constructor(private t = new Date('2026-11-26T00:30:00Z')) {
    super();
  }
  override now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = new Date(iso);
  }
  advanceHours(h: number): void {
    this.t = new Date(this.t.getTime() + h * 3_600_000);
  }
}
