import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { richFixtureReport } from './reports.js';

describe('Markdown report', () => {
  it("follows the architect's structure, in order", async () => {
    const md = renderMarkdown(await richFixtureReport());
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Review Summary',
      '## Strengths',
      '## Areas for Improvement',
      '## Specific Recommendations',
      '## Next Steps',
      '## Findings',
      '## Suppressed findings',
    ]);
    // the seed's shape: the three summary sections under Review Summary, in this order
    const summary = md.slice(md.indexOf('## Review Summary'), md.indexOf('## Strengths'));
    const subheadings = summary.split('\n').filter((l) => l.startsWith('### '));
    expect(subheadings).toEqual([
      '### Overall Assessment',
      '### Architectural Impact',
      '### Compliance with Patterns',
    ]);
    expect(md).toContain('**Good** — score **');
    // the derivation per area, and the largest problems with their arithmetic
    expect(md).toContain('| Resilience | 1 | 1 | medium 4 × 2 = 8 | 8 |');
    expect(md).toContain(
      '`resilience/test-replicas` medium 4 × 2 (systemic: 3 of 4 application services) = 8',
    );
    expect(md).toContain('### Immediate');
    expect(md).toContain('### Medium-term');
    expect(md).toContain('### Long-term');
  });

  it('shows each recommendation with every affected place (file:line), its priority, timeline and fix snippet', async () => {
    const md = renderMarkdown(await richFixtureReport());
    const section = md.slice(md.indexOf('### R2 · P2 · Test rule: replicas not set'));
    expect(section).toContain('- **Category:** resilience (`resilience/test-replicas`, severity medium)');
    // Three of the four services: systemic, so raised one step.
    expect(section).toContain(
      '- **Priority:** P2 (highest severity medium → P3; raised to P2: systemic, 3 of 4 application services) · **Timeline:** within the current sprint (two weeks)',
    );
    expect(section).toContain('- **Affected (3 places):**');
    expect(section).toMatch(/Deployment gateway does not set replicas — `k8s\/gateway\.yaml:\d+`/);
    expect(section).toContain('```yaml\nspec:\n  replicas: 2\n```');
  });

  it('escapes HTML from repository content outside code and marks baselined findings', async () => {
    const md = renderMarkdown(await richFixtureReport());
    expect(md).toContain('registry.example.com/shop/orders:latest &lt;latest&gt;');
    expect(md).not.toContain('<latest>');
    expect(md).toContain('sidecar &lt;envoy&gt; & checked there');
    expect(md).toContain('_(baselined)_');
  });

  it('the terminal view leads with the rating and ends with new/baselined/suppressed counts', async () => {
    const text = renderTerminal(await richFixtureReport(), false);
    expect(text.split('\n')[1]).toMatch(/^Overall: Good \(score [\d.]+\/100\)$/);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '5 findings (1 high, 1 medium, 3 low); 3 new, 2 baselined, 1 suppressed',
    );
  });
});
