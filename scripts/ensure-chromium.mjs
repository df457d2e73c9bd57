#!/usr/bin/env node
// Makes sure Debian's Chromium is at /usr/bin/chromium, which the browser tests and the
// benchmark drive through playwright-core. We never download a browser build of our own
// (`npx playwright install` is not used): Chromium comes from the distribution.
//
// - present: print its version and exit 0;
// - missing, running as root on Debian with apt-get: `apt-get update` and
//   `apt-get install -y chromium`, output streamed, then print the version;
// - missing otherwise: print how to install it (Chinese and English) and exit 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const HOW_TO_INSTALL = [
  `未找到 Chromium（${CHROMIUM_PATH}）。浏览器测试和性能基准需要 Debian 的 chromium 软件包，请以 root 身份安装：`,
  '    sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk',
  `Chromium was not found at ${CHROMIUM_PATH}. The browser tests and the benchmark need Debian's chromium package; install it as root:`,
  '    sudo apt-get update && sudo apt-get install -y chromium',
  '（不要使用 npx playwright install / Do not use `npx playwright install`.)',
].join('\n');

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} 失败 / failed (exit ${result.status ?? result.signal})`);
    console.error(HOW_TO_INSTALL);
    process.exit(result.status || 1);
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** "Chromium 156.0.8078.108 built on Debian …", or null if it does not run. */
export function chromiumVersion() {
  // Debian's /usr/bin/chromium is a shell wrapper that may print harmless noise on
  // stderr; the version is the first line of stdout.
  const result = spawnSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return null;
  const line = result.stdout.split('\n').find((l) => l.trim() !== '');
  return line ? line.trim() : null;
}

function main() {
  if (!existsSync(CHROMIUM_PATH)) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const isDebian = existsSync('/etc/debian_version');
    if (isRoot && isDebian && hasCommand('apt-get')) {
      console.log(`${CHROMIUM_PATH} 不存在，正在用 apt-get 安装 chromium / ${CHROMIUM_PATH} is missing, installing chromium with apt-get`);
      run('apt-get', ['update']);
      run('apt-get', ['install', '-y', 'chromium', 'fonts-noto-cjk']);
    } else {
      console.error(HOW_TO_INSTALL);
      process.exit(1);
    }
  }
  const version = chromiumVersion();
  if (!version) {
    console.error(`${CHROMIUM_PATH} 存在但无法运行 / exists but does not run (\`${CHROMIUM_PATH} --version\` failed).`);
    console.error(HOW_TO_INSTALL);
    process.exit(1);
  }
  console.log(`Chromium: ${version} (${CHROMIUM_PATH})`);
  ensureChineseFont();
}

/**
 * Map labels are Chinese and drawn with the machine's fonts. Without a CJK font the
 * tests still pass (they do not read label pixels) but screenshots show boxes, so
 * install one when we can and otherwise say how.
 */
function ensureChineseFont() {
  const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (fonts.status === 0 && fonts.stdout.trim() !== '') return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    const result = spawnSync('apt-get', ['install', '-y', 'fonts-noto-cjk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status === 0) return;
  }
  console.warn('未找到中文字体，截图中的中文标注会显示为方框 / no CJK font: install it with `apt-get install -y fonts-noto-cjk`');
}

// Run when executed directly; importing the module (e.g. for chromiumVersion) does nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
