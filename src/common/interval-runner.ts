import type { Logger } from '@nestjs/common';

/**
 * Background work every few seconds in each process (timers, the outbox relay): at most one
 * run at a time (a tick while a run is still going is skipped), never keeps the process alive,
 * and `stop` waits for the run in progress. The work itself coordinates through the database.
 */
export class IntervalRunner {
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** Runs `work` every `ms`; 0 or less: never (tests run it themselves). */
  start(ms: number, work: () => Promise<unknown>): void {
    if (ms <= 0) return;
    this.handle = setInterval(() => {
      if (this.running) return;
      this.running = work()
        .catch((e: unknown) => this.logger.error(`${this.what} failed: ${String(e)}`))
        .finally(() => (this.running = null));
    }, ms);
    this.handle.unref();
  }

  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    await this.running;
  }
}
