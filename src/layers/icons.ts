// Map symbols drawn as pixels in code (no sprite sheet to download): white
// shapes used as SDF icons, so a layer tints them with `icon-color`.

export interface IconImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Rasterise a shape given as an inside-test on the unit square, with 4×4 supersampled edges. */
function rasterise(size: number, inside: (x: number, y: number) => boolean): IconImage {
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hits++;
      const o = (py * size + px) * 4;
      data[o] = data[o + 1] = data[o + 2] = 255;
      data[o + 3] = Math.round((hits / 16) * 255);
    }
  }
  return { width: size, height: size, data };
}

/** Upward triangle: air-quality stations. */
export function triangleIcon(size = 32): IconImage {
  return rasterise(size, (x, y) => y > 0.1 && y < 0.9 && Math.abs(x - 0.5) < ((y - 0.1) / 0.8) * 0.45);
}

/** Diamond: water-quality sections. */
export function diamondIcon(size = 32): IconImage {
  return rasterise(size, (x, y) => Math.abs(x - 0.5) + Math.abs(y - 0.5) < 0.42);
}

/** Square: steel plants. */
export function squareIcon(size = 32): IconImage {
  return rasterise(size, (x, y) => Math.abs(x - 0.5) < 0.36 && Math.abs(y - 0.5) < 0.36);
}

/** Hexagon (flat top and bottom): coking plants. */
export function hexagonIcon(size = 32): IconImage {
  return rasterise(size, (x, y) => {
    const dx = Math.abs(x - 0.5);
    const dy = Math.abs(y - 0.5);
    return dy < 0.38 && dx < 0.44 - dy * 0.58;
  });
}

/** House (a square under a pointed roof): cement plants. */
export function houseIcon(size = 32): IconImage {
  return rasterise(size, (x, y) => Math.abs(x - 0.5) < 0.38 && y < 0.9 && (y > 0.45 || y > 0.1 + Math.abs(x - 0.5) * 0.92));
}
