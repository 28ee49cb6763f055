import { mkdtempSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../common/paths';
import { main } from './cli';

const run = (...args: string[]) => {
  const lines: string[] = [];
  const code = main(args, (l) => lines.push(l));
  return { code, lines };
};

describe('policy CLI', () => {
  const shipped = join(projectRoot(), 'policies');

  it('check passes the shipped policy', () => {
    const { code, lines } = run('check', '--dir', shipped);
    expect(code).toBe(0);
    expect(lines[0]).toContain('OK — Komae City Hall telework policy 2026.11');
  });

  it('check prints file:line:col path: message and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    cpSync(shipped, dir, { recursive: true });
    writeFileSync(join(dir, 'calendar.yaml'), 'closed:\n  - label: { ja: a, en: b }\n    from: "13-01"\n');
    const { code, lines } = run('check', '--dir', dir);
    expect(code).toBe(1);
    expect(lines[0]).toBe(
      `${join(dir, 'calendar.yaml')}:3:11 closed[0].from: from must be a date YYYY-MM-DD, or MM-DD for a date that recurs every year`,
    );
  });

  it('test runs the cases', () => {
    const { code, lines } = run('test', '--dir', shipped);
    expect(code).toBe(0);
    expect(lines[lines.length - 1]).toMatch(/^\d+ passed, 0 failed, 0 file error\(s\)$/);
  });

  it('prints usage for an unknown command', () => {
    expect(run('simulate').code).toBe(2);
  });
});
