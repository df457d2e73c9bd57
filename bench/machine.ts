// What both benchmarks print and record about the machine and the build they measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH, ROOT } from '../tests/e2e/browser';

/** Date, cores, CPU model, Node, Chromium, OS and the dist/ entry chunk measured. */
export function machine(): Record<string, string | number> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let chromiumVersion = 'not found';
  try {
    chromiumVersion = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // reported as not found
  }
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // os.cpus() it is
  }
  // Which build was measured: the entry chunk named in dist/index.html (another build may replace it between runs).
  let app = 'dist/index.html not found';
  try {
    app = /<script[^>]+type="module"[^>]+src="([^"]+)"/.exec(readFileSync(join(ROOT, 'dist/index.html'), 'utf8'))?.[1] ?? 'no module script';
  } catch {
    // reported as not found
  }
  return { date: new Date().toISOString(), nproc, cpuModel, node: process.version, chromium: chromiumVersion, os: `${platform()} ${release()}`, app };
}
