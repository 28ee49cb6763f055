import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  notes?: string;
}

let profiled = 0;

/**
 * Wall time of fn. BENCH_PROFILE=dir also writes a CPU profile of each timed section there
 * (timed-1.cpuprofile, …; open in Chrome DevTools); BENCH_HEAP_PROFILE=dir a sampling profile of
 * what each section allocated, collected or not (timed-1.heapprofile). Profilers slow the run,
 * so their figures are for finding where time goes, not for the table.
 */
export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; result: T; busyMs: number; cpuMs: number; serverCpuMs: number | null }> {
  const dir = process.env.BENCH_PROFILE;
  const heapDir = process.env.BENCH_HEAP_PROFILE;
  const session = dir || heapDir ? new Session() : null;
  const post = (method: string) =>
    new Promise<unknown>((ok, fail) => session!.post(method, (e, r) => (e ? fail(e) : ok(r))));
  if (session) {
    session.connect();
    if (dir) {
      await post('Profiler.enable');
      await post('Profiler.start');
    }
    if (heapDir) {
      await post('HeapProfiler.enable');
      await new Promise<void>((ok, fail) =>
        session.post(
          'HeapProfiler.startSampling',
          { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true },
          (e) => (e ? fail(e) : ok()),
        ),
      );
    }
  }
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const server0 = localPostgresCpuMs();
  const result = await fn();
  const ms = performance.now() - t0;
  // how much of the wall time this process (server and client alike) kept its main thread busy
  const busyMs = performance.eventLoopUtilization(elu0).active;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const server1 = localPostgresCpuMs();
  const serverCpuMs = server0 === null || server1 === null ? null : server1 - server0;
  if (session) {
    profiled++;
    if (dir) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `timed-${profiled}.cpuprofile`), JSON.stringify(profile));
    }
    if (heapDir) {
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      mkdirSync(heapDir, { recursive: true });
      writeFileSync(join(heapDir, `timed-${profiled}.heapprofile`), JSON.stringify(profile));
    }
    session.disconnect();
  }
  return { ms, result, busyMs, cpuMs, serverCpuMs };
}

/**
 * CPU time used so far by the PostgreSQL server processes on this machine (Linux /proc; clock
 * ticks of 10 ms), or null where there are none to read (a server on another host, no /proc):
 * each live process's own time, and the time of those that exited (a backend, an autovacuum
 * worker), which the postmaster holds as its reaped children's. With the server on the same
 * cores as this process, the two together bound the wall time of a section: what both need
 * cannot run in less than their sum over the cores.
 */
function localPostgresCpuMs(): number | null {
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      if (!stat.includes('(postgres)')) continue;
      // fields after the command: state is 3rd overall; utime, stime, cutime, cstime the 14th–17th
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      found = true;
    }
  } catch {
    return null;
  }
  return found ? ticks * 10 : null;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

/** Prints the table and writes the JSON next to it (test/bench/results/, git-ignored). */
export function report(rows: BenchRow[], meta: Record<string, unknown>): string {
  const w = (s: string, n: number) => s.padEnd(n);
  const lines = [
    `${w('benchmark', 58)} ${w('value', 14)} ${w('target', 14)} met`,
    ...rows.map(
      (r) =>
        `${w(r.name, 58)} ${w(`${round(r.value)} ${r.unit}`, 14)} ${w(r.target ?? '', 14)} ${r.met === undefined ? '' : r.met ? 'yes' : 'NO '}${r.notes ? `  ${r.notes}` : ''}`,
    ),
  ];
  console.log(lines.join('\n'));
  const dir = join(__dirname, '..', '..', '..', 'test', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const body = JSON.stringify({ ...meta, at: new Date().toISOString(), rows }, null, 2);
  writeFileSync(file, body);
  writeFileSync(join(dir, 'latest.json'), body);
  console.log(`\nwritten: ${file}`);
  return file;
}

function round(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
