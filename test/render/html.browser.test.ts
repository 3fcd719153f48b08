/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Opens the HTML report in headless Chromium (Debian's package, driven by playwright-core): the SVG diagram
 * must lay out real boxes, and the severity filter must change which findings are visible.
 * Skipped with a message when /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  // shown by the filters (a finding in a collapsed rule group is one click away, not filtered out)
  const visibleFindings = (page: import('playwright-core').Page) =>
    page.$$eval('#finding-list .finding', (els) =>
      els
        .filter((el) => !(el as HTMLElement).hidden && !(el.closest('.rule-group') as HTMLElement).hidden)
        .map((el) => el.getAttribute('data-severity')),
    );

  /** Points of every edge (sampled every 2 px) that fall inside a node box other than its own two ends. */
  const edgeThroughNodes = (page: import('playwright-core').Page) =>
    page.$eval('#service-graph', (svg) => {
      const boxes = [...svg.querySelectorAll('g.node')].map((g) => {
        const r = g.querySelector('rect')!;
        const n = (a: string) => Number(r.getAttribute(a));
        return { id: g.getAttribute('data-id'), x: n('x'), y: n('y'), w: n('width'), h: n('height') };
      });
      const hits: string[] = [];
      for (const p of svg.querySelectorAll('path.edge')) {
        const path = p as SVGPathElement;
        const ends = [p.getAttribute('data-from'), p.getAttribute('data-to')];
        const length = path.getTotalLength();
        for (let d = 0; d <= length; d += 2) {
          const pt = path.getPointAtLength(d);
          for (const b of boxes) {
            if (ends.includes(b.id)) continue;
            if (pt.x > b.x + 1 && pt.x < b.x + b.w - 1 && pt.y > b.y + 1 && pt.y < b.y + b.h - 1)
              hits.push(`${ends.join('→')} crosses ${b.id} at ${Math.round(pt.x)},${Math.round(pt.y)}`);
          }
        }
      }
      return [...new Set(hits)];
    });

  const artifacts = path.resolve(import.meta.dirname, '../../test-results/html');
  mkdirSync(artifacts, { recursive: true });

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
      await page.screenshot({ path: path.join(artifacts, 'boutique.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    },
    60_000,
  );

  it('has a sticky table of contents whose links all lead somewhere, and opens a linked finding', async () => {
    const report = await richFixtureReport();
    const { page, errors } = await open(report, 'toc');
    expect(await page.$eval('#toc', (el) => getComputedStyle(el).position)).toBe('sticky');
    const broken = await page.$$eval('a[href^="#"]', (as) =>
      as.map((a) => a.getAttribute('href')!.slice(1)).filter((id) => !document.getElementById(id)),
    );
    expect(broken).toEqual([]);
    const tocTargets = await page.$$eval('#toc a', (as) => as.map((a) => a.getAttribute('href')));
    for (const id of ['#assessment', '#diagram', '#recommendations', '#findings'])
      expect(tocTargets).toContain(id);
    // every finding has an anchor; a recommendation's place links to it and opens its collapsed group
    expect(await page.$$eval('#finding-list .finding[id^="f-"]', (els) => els.length)).toBe(
      report.findings.length,
    );
    await page.$$eval('details.rule-group', (ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = false;
    });
    const link = await page.$eval('details.rec li a', (a) => a.getAttribute('href')!);
    await page.$eval('details.rec', (d) => {
      (d as HTMLDetailsElement).open = true;
    });
    await page.click(`details.rec li a[href="${link}"]`);
    const target = await page.$eval(link, (el) => ({
      visible: (el as HTMLElement).offsetParent !== null,
      open: (el.closest('details') as HTMLDetailsElement).open,
    }));
    expect(target).toEqual({ visible: true, open: true });
    // prose is rendered Markdown: code spans are <code>, no raw backticks outside code blocks
    const raw = await page.$eval('main', (m) => {
      const clone = m.cloneNode(true) as HTMLElement;
      for (const pre of clone.querySelectorAll('pre, code')) pre.remove();
      return clone.textContent!.match(/`/g)?.length ?? 0;
    });
    expect(raw).toBe(0);
    expect(await page.$$eval('main p code, main li code', (c) => c.length)).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, 'fixture.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it.skipIf(!corpusPresent)(
    'draws no edge through a node box (corpus systems)',
    async () => {
      for (const system of CORPUS_SYSTEMS) {
        const report = await reviewDir(system.dir);
        const { page, errors } = await open(report, system.name);
        expect(report.graph.nodes.length).toBeGreaterThan(10);
        expect(await edgeThroughNodes(page), system.name).toEqual([]);
        await page.screenshot({ path: path.join(artifacts, `${system.name}-graph.png`) });
        await page
          .locator('#diagram')
          .screenshot({ path: path.join(artifacts, `${system.name}-diagram.png`) });
        expect(errors).toEqual([]);
        await page.close();
      }
    },
    120_000,
  );

  it('keeps an 80-service system readable: every box full size, no edge through a box', async () => {
    const services = Array.from({ length: 80 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    const compose = ['services:'];
    services.forEach((name, i) => {
      const deps = [i * 2 + 1, i * 2 + 2, i + 7].filter((j) => j < services.length && j !== i);
      compose.push(`  ${name}:`, `    image: example/${name}:1.0.0`);
      if (deps.length) compose.push('    depends_on:', ...deps.map((j) => `      - ${services[j]}`));
    });
    const sys = mkdtempSync(path.join(tmpdir(), 'plumbline-80-'));
    writeFileSync(path.join(sys, 'docker-compose.yml'), `${compose.join('\n')}\n`);
    const report = await reviewDir(sys);
    expect(report.graph.nodes.length).toBe(80);
    const { page, errors } = await open(report, 'eighty');
    expect(await edgeThroughNodes(page)).toEqual([]);
    const sizes = await page.$$eval('#service-graph g.node rect', (rs) =>
      rs.map((r) => [Number(r.getAttribute('width')), Number(r.getAttribute('height'))]),
    );
    expect(sizes.every(([w, h]) => w! >= 160 && h! >= 40)).toBe(true);
    // zoom: the + button enlarges the drawing
    const before = await page.$eval('#service-graph', (el) => el.getBoundingClientRect().width);
    await page.click('[data-zoom="1.25"]');
    expect(await page.$eval('#service-graph', (el) => el.getBoundingClientRect().width)).toBeGreaterThan(
      before,
    );
    await page.locator('#diagram').screenshot({ path: path.join(artifacts, 'eighty-diagram.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
