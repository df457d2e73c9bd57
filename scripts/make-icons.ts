// Draws the app's icons into public/icons/ (committed; rerun after changing the emblem):
//
//   npx tsx scripts/make-icons.ts
//
// The emblem: a dark blue rounded square (the theme colour), a light-blue river
// wave (六河三库) and a yellow dot (a monitoring point). Drawn in code with pngjs
// rather than exported from a drawing program, so the PNGs can be remade from the
// repository alone and stay byte-identical between runs.
//
//   icon-192.png, icon-512.png  purpose "any": the rounded square on transparency
//   icon-maskable-512.png       purpose "maskable": full-bleed background, the emblem
//                               shrunk into the central safe zone (a circle of 80 %
//                               of the width) so any launcher mask leaves it whole
//   apple-touch-icon.png        180×180, opaque and square: iOS rounds the corners itself
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type RGBA = readonly [number, number, number, number];

const BLUE: RGBA = [0x12, 0x35, 0x5b, 255]; // theme colour, as in the web app manifest
const RIVER: RGBA = [0x7c, 0xc8, 0xf2, 255];
const YELLOW: RGBA = [0xf5, 0xc2, 0x1b, 255];
const CLEAR: RGBA = [0, 0, 0, 0];

// Shapes in the unit square (0,0 top left … 1,1 bottom right).

function inRoundedSquare(x: number, y: number, radius: number): boolean {
  if (x < 0 || x > 1 || y < 0 || y > 1) return false;
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

const WAVE = { x0: 0.17, x1: 0.83, y: 0.64, amplitude: 0.055, periods: 1.5, halfWidth: 0.05 };

// A cosine, so the wave is flat at both ends and the round caps join it without a notch.
function waveY(x: number): number {
  return WAVE.y + WAVE.amplitude * Math.cos(((x - WAVE.x0) / (WAVE.x1 - WAVE.x0)) * WAVE.periods * 2 * Math.PI);
}

function inWave(x: number, y: number): boolean {
  // Round caps at both ends, so the river does not end in a hard vertical cut.
  for (const end of [WAVE.x0, WAVE.x1]) {
    if ((x - end) ** 2 + (y - waveY(end)) ** 2 <= WAVE.halfWidth ** 2) return true;
  }
  if (x < WAVE.x0 || x > WAVE.x1) return false;
  // Thickness measured across the curve (vertical distance × cos of the slope), so
  // the band keeps an even width on the steep parts of the wave.
  const h = 1e-4;
  const slope = (waveY(x + h) - waveY(x - h)) / (2 * h);
  return Math.abs(y - waveY(x)) / Math.sqrt(1 + slope * slope) <= WAVE.halfWidth;
}

function inDot(x: number, y: number): boolean {
  return (x - 0.5) ** 2 + (y - 0.35) ** 2 <= 0.12 ** 2;
}

/** The emblem's colour at a point of the unit square; `fullBleed` fills the corners too. */
function emblem(x: number, y: number, fullBleed: boolean, scale: number): RGBA {
  const inside = fullBleed ? x >= 0 && x <= 1 && y >= 0 && y <= 1 : inRoundedSquare(x, y, 0.2);
  if (!inside) return CLEAR;
  // The river and the dot are drawn about the centre at `scale` (the maskable icon's safe zone).
  const u = (x - 0.5) / scale + 0.5;
  const v = (y - 0.5) / scale + 0.5;
  if (inDot(u, v)) return YELLOW;
  if (inWave(u, v)) return RIVER;
  return BLUE;
}

// 4×4 samples a pixel: smooth edges without a vector library.
const SAMPLES = 4;

function draw(size: number, fullBleed: boolean, scale: number): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [cr, cg, cb, ca] = emblem((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, fullBleed, scale);
          // Premultiplied, so a transparent sample does not darken the edge.
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round(a / (SAMPLES * SAMPLES));
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

const outDir = resolve(fileURLToPath(new URL('..', import.meta.url)), 'public', 'icons');
mkdirSync(outDir, { recursive: true });
const icons: [string, Buffer][] = [
  ['icon-192.png', draw(192, false, 1)],
  ['icon-512.png', draw(512, false, 1)],
  // The safe zone is a circle of radius 0.4: the emblem's outermost points (the
  // wave's caps at ≈ 0.35 from the centre) shrunk by 0.78 stay well inside it.
  ['icon-maskable-512.png', draw(512, true, 0.78)],
  ['apple-touch-icon.png', draw(180, true, 0.9)],
];
for (const [name, bytes] of icons) {
  writeFileSync(resolve(outDir, name), bytes);
  console.log(`public/icons/${name}: ${bytes.length} bytes`);
}
