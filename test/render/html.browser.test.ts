/**
 * Opens the HTML report in headless Chromium (Debian's package, driven by playwright-core): the SVG diagram
 * must lay out real boxes, and the severity filter must change which findings are visible.
 * Skipped with a message when /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/render/html.js';
import type { Report } from '../../src/review/report.js';
import { CORPUS_SYSTEMS, corpusPresent, reviewDir, richFixtureReport } from './reports.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the HTML browser test: ${CHROMIUM} not found (apt-get install chromium)`);

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), 'plumbline-html-'));

  beforeAll(async () => {
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
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(report: Report, name: string) {
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, renderHtml(report));
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    return { page, errors, requests, url: pathToFileURL(file).href };
  }

  const visibleFindings = (page: import('playwright-core').Page) =>
    page.$$eval('#finding-list .finding', (els) =>
      els
        .filter((el) => (el as unknown as { offsetParent: unknown }).offsetParent !== null)
        .map((el) => el.getAttribute('data-severity')),
    );

  it('renders the service diagram with real node boxes and filters findings by severity and area', async () => {
    const report = await richFixtureReport();
    const { page, errors, requests, url } = await open(report, 'fixture');

    // The diagram: one node per service, each laid out with a non-zero box inside the SVG.
    const nodes = await page.$$eval('#service-graph g.node', (gs) =>
      gs.map((g) => {
        const box = g.getBoundingClientRect();
        return { id: g.getAttribute('data-id'), width: box.width, height: box.height, text: g.textContent };
      }),
    );
    expect(nodes.map((n) => n.id)).toEqual(report.graph.nodes.map((n) => n.id));
    for (const n of nodes) {
      expect(n.width, n.id ?? '').toBeGreaterThan(20);
      expect(n.height, n.id ?? '').toBeGreaterThan(10);
    }
    const svg = await page.$eval('#service-graph', (el) => el.getBoundingClientRect().width);
    expect(svg).toBeGreaterThan(100);
    expect(await page.$$eval('#service-graph path.edge', (ps) => ps.length)).toBe(report.graph.edges.length);

    // Severity filter: all findings first, then only the high ones.
    const all = await visibleFindings(page);
    expect(all).toHaveLength(report.findings.length);
    for (const s of ['critical', 'medium', 'low', 'info'])
      await page.uncheck(`#filters input[name="severity"][value="${s}"]`);
    const high = await visibleFindings(page);
    expect(high).toEqual(['high']);
    expect(await page.textContent('#finding-count')).toBe(`Showing 1 of ${report.findings.length} findings`);

    // Area filter combines with it: hiding security hides the one high finding.
    await page.uncheck('#filters input[name="area"][value="security"]');
    expect(await visibleFindings(page)).toEqual([]);
    await page.check('#filters input[name="severity"][value="medium"]');
    await page.check('#filters input[name="area"][value="security"]');
    const mediumAndHigh = await visibleFindings(page);
    expect(new Set(mediumAndHigh)).toEqual(new Set(['high', 'medium']));
    expect(mediumAndHigh.length).toBe(report.summary.bySeverity.high + report.summary.bySeverity.medium);

    expect(errors).toEqual([]);
    expect(requests).toEqual([url]); // self-contained: nothing else is fetched
    await page.close();
  }, 60_000);

  it.skipIf(!corpusPresent)(
    'renders a real system (Online Boutique) without script errors',
    async () => {
      const report = await reviewDir(CORPUS_SYSTEMS[0]!.dir);
      const { page, errors } = await open(report, 'boutique');
      const boxes = await page.$$eval('#service-graph g.node rect', (rs) =>
        rs.map((r) => r.getBoundingClientRect().width),
      );
      expect(boxes.length).toBe(report.graph.nodes.length);
      expect(boxes.every((w) => w > 20)).toBe(true);
      expect(await visibleFindings(page)).toHaveLength(report.findings.length);
      await page.screenshot({ path: path.join(dir, 'boutique.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    },
    60_000,
  );
});
