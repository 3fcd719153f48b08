import { describe, expect, it } from 'vitest';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '../../src/render/graph-layout.js';
import { renderHtml } from '../../src/render/html.js';
import { richFixtureReport } from './reports.js';

describe('HTML report (static checks; the browser test renders it)', () => {
  it('is one self-contained file: no external scripts, styles, images or fonts', async () => {
    const html = renderHtml(await richFixtureReport());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i); // url(#arrow) is an in-document SVG marker
    expect(html).toContain("default-src 'none'");
  });

  it('escapes every piece of report text', async () => {
    const html = renderHtml(await richFixtureReport());
    expect(html).toContain('orders:latest &lt;latest&gt;');
    expect(html).not.toContain('<latest>');
    expect(html).toContain('sidecar &lt;envoy&gt; &amp; checked there');
  });

  it('draws every service as an SVG node and carries filterable findings with their fix', async () => {
    const report = await richFixtureReport();
    const html = renderHtml(report);
    for (const n of report.graph.nodes) expect(html).toContain(`<g class="node" data-id="${n.id}"`);
    expect(html.match(/<article class="finding"/g)).toHaveLength(report.findings.length);
    expect(html).toContain('data-severity="high" data-area="security"');
    expect(html).toContain('<pre><code>spec:\n  replicas: 2</code></pre>');
    expect(html).toContain(`Showing ${report.findings.length} of ${report.findings.length} findings`);
  });

  it('puts Overall Assessment, Architectural Impact and Compliance with Patterns under Review Summary', async () => {
    const html = renderHtml(await richFixtureReport());
    const start = html.indexOf('<section id="review-summary"><h2>Review Summary</h2>');
    expect(start).toBeGreaterThan(0);
    const at = (s: string) => html.indexOf(s, start);
    expect(at('<h3>Overall Assessment</h3>')).toBeGreaterThan(start);
    expect(at('<h3>Architectural Impact</h3>')).toBeGreaterThan(at('<h3>Overall Assessment</h3>'));
    expect(at('<h3>Compliance with Patterns</h3>')).toBeGreaterThan(at('<h3>Architectural Impact</h3>'));
    expect(at('<section id="diagram">')).toBeGreaterThan(at('<h3>Compliance with Patterns</h3>'));
  });
});

describe('layered graph layout', () => {
  it('places callers left of callees, without overlaps, deterministically', () => {
    const nodes = ['web', 'api', 'orders', 'payments', 'db', 'lonely'].map((id) => ({ id }));
    const edges = [
      { from: 'web', to: 'api' },
      { from: 'api', to: 'orders' },
      { from: 'api', to: 'payments' },
      { from: 'orders', to: 'db' },
      { from: 'orders', to: 'payments' },
    ];
    const layout = layoutGraph({ nodes, edges });
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const e of edges)
      expect(at.get(e.from)!.layer, `${e.from}→${e.to}`).toBeLessThan(at.get(e.to)!.layer);
    expect(at.get('lonely')!.layer).toBe(
      Math.max(...layout.nodes.filter((n) => n.id !== 'lonely').map((n) => n.layer)) + 1,
    );
    for (const a of layout.nodes)
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    for (const n of layout.nodes) {
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
    }
    expect(layoutGraph({ nodes: [...nodes].reverse(), edges: [...edges].reverse() })).toEqual(layout);
  });

  it('survives cycles and self-loops, marking the edge that closes the cycle', () => {
    const layout = layoutGraph({
      nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'a', to: 'a' },
      ],
    });
    expect(layout.edges.map((e) => [e.from, e.to, e.back])).toEqual([
      ['a', 'b', false],
      ['b', 'c', false],
      ['c', 'a', true],
    ]);
    expect(new Set(layout.nodes.map((n) => n.layer)).size).toBe(3);
  });
});
