/**
 * The web page in headless Chromium (Debian's package through playwright-core) against a real server: enter a
 * key, start a review from the form, wait for it, filter its findings, start a second one and open the
 * comparison of the two. Screenshots go to artifacts/web/ (gitignored). Skipped when /usr/bin/chromium is absent.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestServer, type TestServer } from '../helpers/server.js';
import { backends } from '../helpers/stores.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the web page browser test: ${CHROMIUM} not found (apt-get install chromium)`);
const shots = path.join(repoRoot, 'artifacts/web');

describe.skipIf(!hasChromium)('web page in headless Chromium', () => {
  let browser: Browser;
  let t: TestServer;
  let page: Page;
  const errors: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    t = await startTestServer(backends[0]!);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(t.url)) foreign.push(r.url());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function startReview(dir: string, system: string): Promise<string> {
    await page.getByRole('navigation').getByRole('link', { name: 'Start a review' }).click();
    await page.getByLabel('Directory on the server').fill(dir);
    await page.getByLabel(/System name/).fill(system);
    // keyboard only: Enter submits the form
    await page.getByLabel(/System name/).press('Enter');
    await page.waitForURL(/#\/review\//);
    await page.getByRole('heading', { name: `Review of ${system}` }).waitFor({ timeout: 60_000 });
    return page.url().split('#/review/')[1]!;
  }

  it('starts a review, waits for it, filters findings, and opens the comparison', async () => {
    await page.goto(`${t.url}/`);
    await expect(page.getByRole('heading', { level: 1 })).toBeDefined();
    await page.getByLabel('API key').fill(t.keys.write);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.getByRole('heading', { name: 'Systems', level: 1 }).waitFor();

    const first = await startReview('shop-v1', 'shop');
    const count = page.locator('#findings-count');
    const all = Number((await count.textContent())!.match(/of (\d+)/)![1]);
    expect(all).toBeGreaterThan(0);
    expect(await page.locator('#findings details.finding').count()).toBe(all);
    await page.screenshot({ path: path.join(shots, 'review.png'), fullPage: true });

    await page.getByLabel('Severity').selectOption('high');
    const high = await page.locator('#findings details.finding').count();
    expect(high).toBeGreaterThan(0);
    expect(high).toBeLessThan(all);
    expect(await page.locator('#findings details.finding:not([data-severity="high"])').count()).toBe(0);
    // a finding opens with the keyboard and shows its evidence and fix
    const firstFinding = page.locator('#findings details.finding summary').first();
    await firstFinding.focus();
    await page.keyboard.press('Enter');
    await expect(await page.locator('#findings details.finding[open]').first().textContent()).toMatch(
      /Evidence:.*Fix:/s,
    );
    await page.getByLabel('Area').selectOption({ index: 1 });
    const areaAndHigh = await page.locator('#findings details.finding').count();
    expect(areaAndHigh).toBeLessThanOrEqual(high);
    expect(await page.locator('svg.graph circle').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shots, 'review-filtered.png'), fullPage: true });

    const second = await startReview('shop-v2', 'shop');
    await page.getByRole('link', { name: 'all reviews of this system' }).click();
    await page.getByRole('heading', { name: 'System shop' }).waitFor();
    expect(await page.locator('svg.trend polyline').count()).toBe(5);
    await page.getByLabel(`Base: review ${first}`).check();
    await page.getByLabel(`Head: review ${second}`).check();
    await page.getByRole('button', { name: 'Compare the chosen reviews' }).click();
    await page.getByRole('heading', { name: 'Comparison' }).waitFor();
    const fixed = await page.getByRole('heading', { name: /^Fixed findings \((\d+)\)$/ }).textContent();
    expect(Number(fixed!.match(/\((\d+)\)/)![1])).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shots, 'comparison.png'), fullPage: true });

    // the organisation view: the system with its two-point trend, the rules its latest review breaks
    await page.getByRole('navigation').getByRole('link', { name: 'Organisation' }).click();
    await page.getByRole('heading', { name: 'Organisation', level: 1 }).waitFor();
    const systems = page.getByRole('table', { name: /^Every system/ });
    await expect(await systems.getByRole('link', { name: 'shop' }).count()).toBe(1);
    await expect(await systems.getByRole('img', { name: /^scores \d/ }).count()).toBe(1);
    expect(
      await page
        .getByRole('table', { name: /^Rules violated/ })
        .locator('tbody tr')
        .count(),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shots, 'organisation.png'), fullPage: true });

    expect(errors, errors.join('\n')).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
