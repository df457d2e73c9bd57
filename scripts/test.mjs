#!/usr/bin/env node
// `npm test`: every check the project has, in order, stopping at the first failure.
//
//   1. tsc --noEmit -p .            types (strict)
//   2. eslint .                     lint, including the import boundaries of ARCHITECTURE.md
//   3. prettier --check .           formatting
//   4. knip                         no unused files, exports or dependencies
//   5. vitest run --project unit    the data generator's invariants, the data validation, …
//   6. vitest run --project dom     Preact components rendered into happy-dom
//   7. scripts/ensure-chromium.mjs  Debian's Chromium for the browser tests
//   8. vite build                   the app the browser tests open (dist/)
//   9. vitest run --project e2e     the built app in headless Chromium
//
// Output is streamed as it comes. The exit code is the first non-zero one. The two
// vitest runs also write a JSON report, from which the last line totals the tests of
// all runs ("tests: N passed, N failed") right under vitest's own summary.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reportDir = join(root, 'node_modules', '.cache', 'pds-test');
const report = (project) => join(reportDir, `vitest-${project}.json`);

const vitest = (project) => ({
  title: `vitest run --project ${project}`,
  command: bin('vitest'),
  args: ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report(project)}`],
});

const steps = [
  { title: 'tsc --noEmit -p .', command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { title: 'eslint .', command: bin('eslint'), args: ['.'] },
  { title: 'prettier --check .', command: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'] },
  { title: 'knip', command: bin('knip'), args: [] },
  vitest('unit'),
  vitest('dom'),
  { title: 'ensure-chromium', command: process.execPath, args: [join(root, 'scripts', 'ensure-chromium.mjs')] },
  { title: 'vite build', command: bin('vite'), args: ['build'] },
  vitest('e2e'),
];

function runStep(step) {
  return new Promise((resolvePromise) => {
    const child = spawn(step.command, step.args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('error', (error) => {
      console.error(`\n✗ ${step.title}: 无法启动 / could not start: ${error.message}`);
      resolvePromise(127);
    });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}

/** Passed/failed counts of a vitest JSON report, or null if there is none. */
function counts(project) {
  try {
    const json = JSON.parse(readFileSync(report(project), 'utf8'));
    return { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0 };
  } catch {
    return null;
  }
}

function printTotals() {
  const all = ['unit', 'dom', 'e2e'].map(counts).filter((c) => c !== null);
  if (all.length === 0) return;
  const passed = all.reduce((s, c) => s + c.passed, 0);
  const failed = all.reduce((s, c) => s + c.failed, 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
}

mkdirSync(reportDir, { recursive: true });
for (const project of ['unit', 'dom', 'e2e']) if (existsSync(report(project))) rmSync(report(project));

const started = Date.now();
for (const [i, step] of steps.entries()) {
  console.log(`\n▶ [${i + 1}/${steps.length}] ${step.title}`);
  const code = await runStep(step);
  if (code !== 0) {
    console.error(`\n✗ npm test 在第 ${i + 1} 步失败 / failed at step ${i + 1}: ${step.title} (exit ${code})`);
    printTotals();
    process.exit(code);
  }
}
console.log(`\n✓ npm test: all ${steps.length} steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
printTotals();
