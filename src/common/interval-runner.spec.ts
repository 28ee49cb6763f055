import { Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { IntervalRunner } from './interval-runner';

/** Waits until `ok` holds (the runner works on real timers; a busy machine only makes this slower). */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 500) throw new Error('never happened');
    await delay(10);
  }
}

describe('IntervalRunner', () => {
  it('never runs twice at once, and stop waits for the run in progress', async () => {
    const runner = new IntervalRunner(new Logger('test'), 'work');
    let active = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    runner.start(2, async () => {
      runs++;
      most = Math.max(most, ++active);
      await delay(20); // longer than the interval: ticks meanwhile are skipped
      active--;
      finished++;
    });
    await until(() => runs >= 3);
    await runner.stop();
    expect(most).toBe(1);
    expect(finished).toBe(runs); // stop returned after the last run ended
    await delay(10);
    expect(runs).toBe(finished); // and nothing starts after stop
  });

  it('keeps running after a failed run, and does nothing when the interval is 0', async () => {
    const errors: string[] = [];
    const logger = new Logger('test');
    jest.spyOn(logger, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    const runner = new IntervalRunner(logger, 'work');
    let runs = 0;
    runner.start(2, async () => {
      runs++;
      throw new Error('boom');
    });
    await until(() => runs >= 2);
    await runner.stop();
    expect(errors[0]).toBe('work failed: Error: boom');

    const idle = new IntervalRunner(logger, 'idle');
    let idleRuns = 0;
    idle.start(0, async () => void idleRuns++);
    await delay(10);
    await idle.stop();
    expect(idleRuns).toBe(0);
  });
});
