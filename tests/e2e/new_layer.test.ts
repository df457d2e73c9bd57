// A layer the app has no module for, brought by a data set: the app describes it
// generically (src/layers/generic.ts) and it appears like any built-in layer — a
// checkbox named by its title with count and legend, dots on the map in the
// legend's colour, and a card of its own fields on a click.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { DESKTOP, launchChromium, mapCanvas, metres, newGuardedContext, readOutfalls, shootStableCanvas, viewHash, waitForFirstIdle } from './browser';
import { startDeploymentServer } from './deployment_server';
import type { DeploymentServer } from './deployment_server';

let browser: Browser;
let server: DeploymentServer;
beforeAll(async () => {
  browser = await launchChromium();
  server = await startDeploymentServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A place in 宝丰县 at least 1 km from every outfall, so a click there can only mean the well. */
function quietPlace(): [number, number] {
  const outfalls = readOutfalls();
  for (let lon = 113.0; lon < 113.2; lon += 0.01) {
    for (let lat = 33.8; lat < 33.95; lat += 0.01) {
      if (outfalls.every((o) => metres(lon, lat, o.lon, o.lat) > 1000)) return [lon, lat];
    }
  }
  throw new Error('no place 1 km from every outfall');
}

describe('a layer the app has no module for', () => {
  it('is listed with its legend, drawn on the map and carded, from the data set alone', async () => {
    const [lon, lat] = quietPlace();
    const wells = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '宝丰1号监测井', 井深: 42, 水位: '12.5 m' }, geometry: { type: 'Point', coordinates: [lon, lat] } },
        { type: 'Feature', properties: { name: '宝丰2号监测井', 井深: 35, 水位: '9.8 m' }, geometry: { type: 'Point', coordinates: [lon + 0.05, lat + 0.02] } },
      ],
    };
    const bytes = Buffer.from(JSON.stringify(wells));
    const set = server.dataSets.get('/data/')!;
    set.files.set('wells.geojson', bytes);
    set.manifest.layers.push({
      id: 'monitoring-wells',
      title: '地下水监测井',
      file: 'wells.geojson',
      format: 'geojson',
      featureCount: 2,
      bytes: bytes.length,
      hash: createHash('sha256').update(bytes).digest('hex'),
    } as never);

    const { context, guard } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${server.origin}/${viewHash(14, lat, lon)}`);
    await waitForFirstIdle(page);

    // The panel: a checkbox named by the title, after the built-in layers, with its count and legend.
    const checkbox = page.getByRole('checkbox', { name: '地下水监测井', exact: true });
    expect(await checkbox.isChecked()).toBe(true);
    const item = page.getByRole('navigation', { name: '图层' }).getByRole('listitem').filter({ has: checkbox });
    expect((await item.locator('.layer-item__status').textContent())?.trim()).toBe('2 个');
    const swatch = item.locator('.legend__swatch');
    expect(await item.locator('.legend').textContent()).toBe('地下水监测井');
    const colour = await swatch.evaluate((e) => getComputedStyle(e).getPropertyValue('--swatch').trim());
    expect(colour).toMatch(/^#[0-9a-f]{6}$/);

    // The map: a dot of that colour at the centre of the view, gone when the layer is switched off.
    const rgb = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
    const near = (image: Awaited<ReturnType<typeof shootStableCanvas>>) => {
      let count = 0;
      const cx = image.width / 2;
      const cy = image.height / 2;
      for (let y = cy - 12; y <= cy + 12; y++) {
        for (let x = cx - 12; x <= cx + 12; x++) {
          const o = (Math.round(y) * image.width + Math.round(x)) * 4;
          if (Math.abs(image.data[o] - rgb[0]) < 30 && Math.abs(image.data[o + 1] - rgb[1]) < 30 && Math.abs(image.data[o + 2] - rgb[2]) < 30) count++;
        }
      }
      return count;
    };
    expect(near(await shootStableCanvas(page))).toBeGreaterThan(20);
    await checkbox.uncheck();
    expect(near(await shootStableCanvas(page))).toBe(0);
    await checkbox.check();
    await shootStableCanvas(page);

    // The card: a click on the dot shows the well's own fields.
    const box = (await mapCanvas(page).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const card = page.getByRole('dialog', { name: '宝丰1号监测井' });
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.textContent()).toContain('地下水监测井');
    expect(await card.textContent()).toContain('井深42');
    expect(await card.textContent()).toContain('水位12.5 m');
    expect(guard.offOrigin).toEqual([]);
    await context.close();
  });
});
