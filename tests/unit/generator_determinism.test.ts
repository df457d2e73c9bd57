// The generator is deterministic and data/ is what it makes: regenerate into a temp
// directory with the real command, build once more in-process, and compare bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataSet } from '../../scripts/data/dataset';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('data generator', () => {
  it('writes the same bytes on every run, and the committed data/ is up to date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pds-data-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/generate-data.ts'), '--out', dir], { stdio: 'pipe' });
      const inProcess = buildDataSet();
      const written = readdirSync(dir).sort();
      expect(written).toEqual([...inProcess.keys()].sort());
      for (const name of written) {
        const bytes = readFileSync(join(dir, name));
        expect(Buffer.compare(bytes, Buffer.from(inProcess.get(name)!)), name).toBe(0);
        expect(Buffer.compare(bytes, readFileSync(join(ROOT, 'data', name))), `data/${name} is stale: run npm run data`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
