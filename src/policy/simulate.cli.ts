import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { PolicySimulation } from './policy-simulation.service';
import type { SimulationResult } from './simulate';

/**
 * `npm run policy -- simulate --file policies/telework.yaml --from 2026-12-01 --to 2026-12-31`:
 * evaluates the file as a draft against the stored requests of the period in the database
 * (DATABASE_URL, or the embedded one in TELEFLOW_DATA_DIR) and prints what would change.
 */
export async function simulateCommand(args: readonly string[], out: (line: string) => void): Promise<number> {
  const opt = (n: string) => {
    const i = args.indexOf(n);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = opt('--file');
  const from = opt('--from');
  const to = opt('--to');
  if (!file || !from || !to) {
    out('usage: policy simulate --file policies/<name>.yaml --from YYYY-MM-DD --to YYYY-MM-DD');
    return 2;
  }
  const config = AppConfig.fromEnv({ TELEFLOW_DEMO: 'true', LOG_LEVEL: 'warn', ...process.env });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const r = await app.get(PolicySimulation).run(basename(file, '.yaml'), readFileSync(file, 'utf8'), from, to, 20);
    for (const line of simulationReport(r)) out(line);
    return 0;
  } finally {
    await app.close();
  }
}

/** What `policy simulate` prints of a result: totals, moves, changed requests, and what could not be evaluated. */
export function simulationReport(r: SimulationResult): string[] {
  const lines = [
    `requests: ${r.totals.requests}; outcome changes: ${r.totals.outcomeChanged}; fired rules changed: ${r.totals.firedChanged}`,
  ];
  for (const t of r.transitions) lines.push(`  ${t.from} → ${t.to}: ${t.count}`);
  for (const c of r.changed) {
    lines.push(
      `  ${c.requestId}: ${c.from} → ${c.to} (${c.rules.map((x) => `${x.ruleId} ${x.from}→${x.to}`).join(', ')})`,
    );
  }
  if (r.totals.failed) {
    lines.push(`not evaluated: ${r.totals.failed} (their facts could not be built; the counts above leave them out)`);
    for (const f of r.failures) lines.push(`  ${f.requestId}: ${f.message}`);
  }
  return lines;
}
