/**
 * The review as one self-contained HTML file: no external scripts, styles, fonts or images (a CSP forbids
 * them), the service graph as inline SVG, findings filterable by area and severity with a few lines of
 * inline JavaScript. Every piece of text from the report is escaped.
 */
import { formatSource } from '../model/provenance.js';
import { fmt } from '../review/format.js';
import type { Report, ReportFinding } from '../review/report.js';
import { AREAS, SEVERITIES, type Severity } from '../rules/types.js';
import { layoutGraph, NODE_WIDTH } from './graph-layout.js';
import { ruleDocsUri } from './links.js';
import { safeStrings } from './sanitize.js';
import { escapeHtml as e, plural, STATUS_LABEL } from './text.js';

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#7b1fa2',
  high: '#c62828',
  medium: '#ef6c00',
  low: '#0277bd',
  info: '#607d8b',
};

const ROLE_FILLS: Record<string, string> = {
  frontend: '#e3f2fd',
  gateway: '#ede7f6',
  datastore: '#fff8e1',
  cache: '#fff8e1',
  search: '#fff8e1',
  broker: '#e8f5e9',
  external: '#f5f5f5',
};

export function renderHtml(unsafe: Report): string {
  // repository strings: controls and bidi characters shown escaped (sanitize.ts); HTML escaping below
  const report = safeStrings(unsafe);
  const title = `Architecture review: ${report.system.name}`;
  const body = [
    toc(report),
    header(report),
    reviewSummary(report),
    diagram(report),
    strengths(report),
    recommendations(report),
    nextSteps(report),
    findings(report),
    suppressed(report),
    diagnostics(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="plumbline ${e(report.tool.version)}">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="layout">
${body}
</main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** Inline Markdown of report prose: code spans become <code>, everything else is escaped text. */
function md(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${e(part.slice(1, -1))}</code>` : e(part)))
    .join('');
}

function findingAnchor(fingerprint: string): string {
  return `f-${fingerprint.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The sticky table of contents: every section, the recommendations and the rules with findings. */
function toc(r: Report): string {
  const link = (id: string, text: string, extra = ''): string =>
    `<li><a href="#${id}">${text}</a>${extra}</li>`;
  const sections: string[] = [
    link('review-summary', 'Review Summary'),
    link('assessment', 'Overall Assessment'),
    link('impact', 'Architectural Impact'),
    link('compliance', 'Compliance with Patterns'),
    link('diagram', 'Service graph'),
  ];
  if (r.strengths.length)
    sections.push(link('strengths', 'Strengths', ` <span class="muted">${r.strengths.length}</span>`));
  if (r.recommendations.length) {
    const recs = r.recommendations
      .map((x) => link(x.id, `${e(x.id)} ${e(x.title)}`, ` <span class="muted">${x.places}</span>`))
      .join('');
    sections.push(
      `<li><a href="#recommendations">Recommendations</a> <span class="muted">${r.recommendations.length}</span><details><summary>list</summary><ol class="toc-sub">${recs}</ol></details></li>`,
    );
  }
  sections.push(link('next-steps', 'Next Steps'));
  const rules = groupByRule(r.findings)
    .map((g) =>
      link(
        ruleAnchor(g.ruleId),
        `${sevPill(g.severity)} ${e(g.ruleId)}`,
        ` <span class="muted">${g.findings.length}</span>`,
      ),
    )
    .join('');
  sections.push(
    `<li><a href="#findings">Findings</a> <span class="muted">${r.findings.length}</span>${rules ? `<details><summary>by rule</summary><ol class="toc-sub">${rules}</ol></details>` : ''}</li>`,
  );
  if (r.suppressed.length)
    sections.push(link('suppressed', 'Suppressed', ` <span class="muted">${r.suppressed.length}</span>`));
  if (r.diagnostics.length)
    sections.push(link('diagnostics', 'Diagnostics', ` <span class="muted">${r.diagnostics.length}</span>`));
  return `<nav id="toc" aria-label="Contents"><strong>Contents</strong><ol>${sections.join('')}</ol></nav>
<main>`;
}

function groupByRule(
  list: ReportFinding[],
): { ruleId: string; severity: Severity; findings: ReportFinding[] }[] {
  const groups = new Map<string, { ruleId: string; severity: Severity; findings: ReportFinding[] }>();
  for (const f of list) {
    const g = groups.get(f.ruleId) ?? { ruleId: f.ruleId, severity: f.severity, findings: [] };
    g.findings.push(f);
    if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(g.severity)) g.severity = f.severity;
    groups.set(f.ruleId, g);
  }
  return [...groups.values()].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

function header(r: Report): string {
  const s = r.summary;
  const sev = SEVERITIES.map((x) => `<span class="pill sev-${x}">${s.bySeverity[x]} ${x}</span>`).join(' ');
  const extras: string[] = [];
  if (r.baseline) extras.push(`${s.new} new · ${s.baselined} baselined (${e(r.baseline.file)})`);
  extras.push(`${s.suppressed} suppressed`);
  if (r.scope)
    extras.push(`scope: ${plural(r.scope.files.length, 'file')} changed since ${e(r.scope.changedSince)}`);
  return `<header>
<h1>${e(`Architecture review: ${r.system.name}`)}</h1>
<div class="cards">
<div class="card rating rating-${slug(r.assessment.rating)}"><div class="big">${e(r.assessment.rating)}</div><div>score ${fmt(r.assessment.score)} / 100</div></div>
<div class="card"><div class="big">${s.findings}</div><div>findings</div><div>${sev}</div></div>
<div class="card"><div class="big">${r.system.services}</div><div>services · ${r.rulesRun.length} rules run</div></div>
</div>
<p class="muted">${extras.join(' · ')}</p>
</header>`;
}

function assessment(r: Report): string {
  const a = r.assessment;
  const rows = a.byArea
    .map(
      (d) =>
        `<tr><td>${e(d.title)}</td><td class="num">${d.problems}</td><td class="num">${d.findings}</td><td><code>${e(d.formula)}</code></td><td class="num">${fmt(d.points)}</td></tr>`,
    )
    .join('\n');
  const top = a.deductions
    .slice(0, 5)
    .map((d) => `<code>${e(d.ruleId)}</code> ${e(d.formula)}`)
    .join('; ');
  return `<section id="assessment"><h3>Overall Assessment</h3>
<p>${md(a.summary)}</p>
${
  a.deductions.length
    ? `<details><summary>How the score was computed</summary>
<table><thead><tr><th>Area</th><th>Problems</th><th>Findings</th><th>Arithmetic</th><th>Points</th></tr></thead>
<tbody>${rows}
<tr><th colspan="4">Total D</th><th class="num">${fmt(a.deducted)}</th></tr></tbody></table>
<p>Score = ${e(a.formula)}.${a.caps.length ? ` ${a.rating === 'Not assessed' ? 'Not assessed' : 'Caps'}: ${e(a.caps.join('; '))}.` : ''}</p>
<p>Largest problems: ${top}${a.deductions.length > 5 ? `; ${a.deductions.length - 5} more in the JSON report` : ''}.</p>
<p class="muted">${e(a.method)}</p></details>`
    : ''
}
</section>`;
}

function impact(r: Report): string {
  const i = r.impact;
  const areas = i.areas.map((a) => `<li>${sevPill(a.highest)} ${md(a.statement)}</li>`).join('\n');
  const hot = i.hotspots.length
    ? `<table><thead><tr><th>Service</th><th>Findings</th><th>Highest</th><th>Areas</th></tr></thead><tbody>${i.hotspots
        .map(
          (h) =>
            `<tr><td>${e(h.service)}</td><td class="num">${h.findings}</td><td>${sevPill(h.highest)}</td><td>${e(h.areas.join(', '))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const systemic = i.systemic.length
    ? `<p>Systemic (half or more of the services): ${i.systemic
        .map((s) => `<code>${e(s.ruleId)}</code> (${s.services}/${i.servicesTotal})`)
        .join(', ')}</p>`
    : '';
  const paths = i.criticalPaths.length
    ? `<p>Critical paths with a high or critical finding: ${i.criticalPaths
        .map((p) => `${e(p.name)} (${e(p.services.join(', '))})`)
        .join('; ')}</p>`
    : '';
  return `<section id="impact"><h3>Architectural Impact</h3>
<p>${md(i.summary)}</p>
${areas ? `<ul>${areas}</ul>` : ''}
${hot}${systemic}${paths}
</section>`;
}

function diagram(r: Report): string {
  const { nodes, edges } = r.graph;
  if (nodes.length === 0)
    return `<section id="diagram"><h2>Service graph</h2><p>No services were discovered.</p></section>`;
  const layout = layoutGraph({ nodes, edges });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kinds = new Map<string, string[]>();
  for (const edge of edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    kinds.set(key, [...(kinds.get(key) ?? []), `${edge.protocol}/${edge.kind}`]);
  }
  const edgeSvg = layout.edges
    .map((pe) => {
      const label = (kinds.get(`${pe.from}\u0000${pe.to}`) ?? []).join(', ');
      const async = label.includes('/async') ? ' async' : '';
      return `<path class="edge${async}${pe.back ? ' back' : ''}" data-from="${e(pe.from)}" data-to="${e(pe.to)}" d="${pe.path}" marker-end="url(#arrow)"><title>${e(`${pe.from} → ${pe.to} (${label})`)}</title></path>`;
    })
    .join('\n');
  const maxChars = Math.floor((NODE_WIDTH - 16) / 7);
  const nodeSvg = layout.nodes
    .map((p) => {
      const n = byId.get(p.id)!;
      const fill = ROLE_FILLS[n.role] ?? '#ffffff';
      const stroke = n.highest ? SEVERITY_COLORS[n.highest] : '#90a4ae';
      const name = n.name.length > maxChars ? `${n.name.slice(0, maxChars - 1)}…` : n.name;
      const badge = n.findings
        ? `<circle cx="${p.x + p.width - 6}" cy="${p.y + 6}" r="9" fill="${stroke}"/><text class="badge" x="${p.x + p.width - 6}" y="${p.y + 10}">${n.findings}</text>`
        : '';
      return `<g class="node" data-id="${e(n.id)}" data-role="${e(n.role)}"><title>${e(`${n.name} (${n.role})${n.findings ? `: ${plural(n.findings, 'finding')}, highest ${n.highest}` : ''}`)}</title><rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${n.highest ? 2 : 1}"/><text x="${p.x + p.width / 2}" y="${p.y + p.height / 2 + 4}">${e(name)}</text>${badge}</g>`;
    })
    .join('\n');
  return `<section id="diagram"><h2>Service graph</h2>
<p class="muted">${plural(nodes.length, 'node')}, ${plural(edges.length, 'dependency', 'dependencies')}; left to right in call order; a long dependency runs in its own lane between boxes. Border colour: highest finding on the service; dashed: asynchronous.</p>
<p class="zoom"><button type="button" data-zoom="0.8">−</button> <button type="button" data-zoom="1.25">+</button> <button type="button" data-zoom="0">fit</button></p>
<div class="graph"><svg id="service-graph" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" style="max-width:100%;height:auto" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="Service dependency graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#607d8b"/></marker></defs>
${edgeSvg}
${nodeSvg}
</svg></div>
</section>`;
}

/** Overall Assessment, Architectural Impact and Compliance with Patterns under one heading, as the seed's shape has them. */
function reviewSummary(r: Report): string {
  return `<section id="review-summary"><h2>Review Summary</h2>
${assessment(r)}
${impact(r)}
${compliance(r)}
</section>`;
}

function compliance(r: Report): string {
  const rows = r.patterns.patterns
    .map((p) => {
      const how = p.status === 'absent' ? `expected: ${p.expected ?? ''}` : p.notes;
      const where = p.locations.map((l) => `<code>${e(formatSource(l))}</code>`).join(' ');
      const more =
        p.evidence > p.locations.length
          ? ` <span class="muted">+${p.evidence - p.locations.length}</span>`
          : '';
      return `<tr class="pattern-${p.status}"><td>${e(p.name)}</td><td>${e(STATUS_LABEL[p.status])}</td><td>${md(how)}</td><td>${where || '—'}${more}</td></tr>`;
    })
    .join('\n');
  return `<section id="compliance"><h3>Compliance with Patterns</h3>
<p>${md(r.patterns.summary)}</p>
${rows ? `<table><thead><tr><th>Pattern</th><th>Status</th><th>How fully</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
</section>`;
}

function strengths(r: Report): string {
  if (r.strengths.length === 0) return '';
  return `<section id="strengths"><h2>Strengths</h2><ul>${r.strengths
    .map((s) => `<li>✓ ${md(s.message)} <code>${e(s.ruleId)}</code></li>`)
    .join('\n')}</ul></section>`;
}

function recommendations(r: Report): string {
  if (r.recommendations.length === 0) return '';
  const items = r.recommendations
    .map(
      (
        x,
      ) => `<details class="rec" id="${e(x.id)}"><summary><span class="prio">${x.priority}</span> ${sevPill(x.severity)} <strong>${e(x.id)}</strong> ${md(x.title)} <span class="muted">(${plural(x.places, 'place')}; ${e(x.timeline)})</span></summary>
<p><strong>Action:</strong> ${md(x.action)}</p>
${x.rationale ? `<p><strong>Rationale:</strong> ${md(x.rationale)}</p>` : ''}
<p><strong>Priority:</strong> ${x.priority} — ${e(x.priorityReason)}</p>
<ul>${x.affected
        .map(
          (p) =>
            `<li><a href="#${findingAnchor(p.finding ?? p.fingerprint)}">${md(p.message)}</a> <span class="loc">${e(p.locations.map((l) => formatSource(l)).join(', '))}</span>${p.baselined ? ' <span class="muted">(baselined)</span>' : ''}</li>`,
        )
        .join('')}</ul>
<p><strong>Fix:</strong> ${md(x.fix.description)}</p>
${x.fix.snippet ? `<pre><code>${e(x.fix.snippet.trimEnd())}</code></pre>` : ''}
<p class="muted"><a href="${e(ruleDocsUri(x.ruleId, x.category))}">${e(x.ruleId)}</a></p>
</details>`,
    )
    .join('\n');
  return `<section id="recommendations"><h2>Specific Recommendations</h2>${items}</section>`;
}

function nextSteps(r: Report): string {
  const list = (title: string, steps: { text: string }[]): string =>
    `<h3>${title}</h3>${steps.length ? `<ul>${steps.map((s) => `<li>${md(s.text)}</li>`).join('')}</ul>` : '<p class="muted">Nothing.</p>'}`;
  return `<section id="next-steps"><h2>Next Steps</h2>
${list('Immediate', r.nextSteps.immediate)}
${list('Medium-term', r.nextSteps.mediumTerm)}
${list('Long-term', r.nextSteps.longTerm)}
</section>`;
}

function findings(r: Report): string {
  const recOf = new Map<string, string>();
  for (const x of r.recommendations) for (const p of x.affected) recOf.set(p.finding ?? p.fingerprint, x.id);
  const presentAreas = AREAS.filter((a) => r.findings.some((f) => f.area === a));
  const sevBoxes = SEVERITIES.map(
    (s) =>
      `<label><input type="checkbox" name="severity" value="${s}" checked> <span class="pill sev-${s}">${s}</span> (${r.summary.bySeverity[s]})</label>`,
  ).join('\n');
  const areaBoxes = presentAreas
    .map(
      (a) =>
        `<label><input type="checkbox" name="area" value="${a}" checked> ${e(a)} (${r.summary.byArea[a]})</label>`,
    )
    .join('\n');
  return `<section id="findings"><h2>Findings</h2>
<form id="filters" class="filters" onsubmit="return false">
<fieldset><legend>Severity</legend>${sevBoxes}</fieldset>
<fieldset><legend>Area</legend>${areaBoxes || '<span class="muted">none</span>'}</fieldset>
</form>
<p id="finding-count" class="muted">Showing ${r.findings.length} of ${r.findings.length} findings</p>
<p><button type="button" id="expand-all">Expand all</button> <button type="button" id="collapse-all">Collapse all</button></p>
<div id="finding-list">
${groupByRule(r.findings)
  .map(
    (
      g,
    ) => `<details class="rule-group" id="${ruleAnchor(g.ruleId)}"${g.findings.length <= 3 ? ' open' : ''}><summary>${sevPill(g.severity)} <code>${e(g.ruleId)}</code> ${md(g.findings[0]!.title)} <span class="muted">(<span class="group-count">${g.findings.length}</span> of ${g.findings.length})</span></summary>
${g.findings.map((f) => finding(f, recOf.get(f.fingerprint))).join('\n')}
</details>`,
  )
  .join('\n')}
</div>
</section>`;
}

function finding(f: ReportFinding, rec: string | undefined): string {
  const anchor = findingAnchor(f.fingerprint);
  return `<article class="finding" id="${anchor}" data-severity="${f.severity}" data-area="${f.area}" data-fingerprint="${e(f.fingerprint)}">
<h3>${sevPill(f.severity)} ${md(f.title)}${f.baselined ? ' <span class="muted">(baselined)</span>' : ''} <a class="anchor" href="#${anchor}" title="Link to this finding">#</a></h3>
<p>${md(f.message)}</p>
<p class="loc"><a href="${e(ruleDocsUri(f.ruleId, f.area))}">${e(f.ruleId)}</a> · ${e(f.locations.map((l) => formatSource(l)).join(', '))}${f.services?.length ? ` · ${e(f.services.join(', '))}` : ''}${rec ? ` · <a href="#${e(rec)}">${e(rec)}</a>` : ''}</p>
<p><strong>Fix:</strong> ${md(f.recommendation)}</p>
${f.fix.snippet ? `<pre><code>${e(f.fix.snippet.trimEnd())}</code></pre>` : ''}
</article>`;
}

function suppressed(r: Report): string {
  if (r.suppressed.length === 0) return '';
  return `<section id="suppressed"><h2>Suppressed findings</h2><table><thead><tr><th>Rule</th><th>Finding</th><th>Reason</th><th>Where</th></tr></thead><tbody>${r.suppressed
    .map(
      (s) =>
        `<tr><td><code>${e(s.finding.ruleId)}</code></td><td>${e(s.finding.message)}</td><td>${e(s.reason)}</td><td class="loc">${e(formatSource(s.source))} (${s.kind})</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

function diagnostics(r: Report): string {
  if (r.diagnostics.length === 0) return '';
  return `<section id="diagnostics"><h2>Diagnostics</h2><ul>${r.diagnostics
    .map(
      (d) =>
        `<li><span class="diag-${d.severity}">${d.severity}</span> <span class="loc">${e(formatSource({ file: d.file, line: d.line ?? 1, column: d.column }))}</span> ${e(d.message)}</li>`,
    )
    .join('\n')}</ul></section>`;
}

function sevPill(s: Severity): string {
  return `<span class="pill sev-${s}">${s}</span>`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z]+/g, '-');
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f7f9fb}
.layout{display:grid;grid-template-columns:minmax(200px,260px) minmax(0,1fr);gap:16px;max-width:1400px;margin:0 auto;padding:24px}
main{min-width:0}
#toc{position:sticky;top:12px;align-self:start;max-height:calc(100vh - 24px);overflow:auto;background:#fff;border:1px solid #e4e9ef;border-radius:8px;padding:10px 12px;font-size:.9rem}
#toc ol{padding-left:18px;margin:6px 0}#toc .toc-sub{font-size:.8rem;padding-left:12px}#toc a{color:#1f4f82;text-decoration:none}#toc a:hover{text-decoration:underline}
@media (max-width:800px){.layout{grid-template-columns:1fr}#toc{position:static;max-height:none}}
a.anchor{color:#b0bec5;text-decoration:none;font-weight:400}a.anchor:hover{color:#1f4f82}
details.rule-group{border-top:1px solid #eef1f4;padding:6px 0}details.rule-group>summary{cursor:pointer;font-weight:600}
details.rule-group[hidden]{display:none}:target{scroll-margin-top:12px}
.zoom button{min-width:2.2em}
h1{font-size:1.6rem;margin:0 0 12px}h2{margin-top:32px;border-bottom:1px solid #dde3ea;padding-bottom:4px}
section{background:#fff;border:1px solid #e4e9ef;border-radius:8px;padding:8px 20px 16px;margin:16px 0}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #e4e9ef;border-radius:8px;padding:12px 16px;min-width:180px}
.big{font-size:1.5rem;font-weight:600}
.rating-excellent .big,.rating-good .big{color:#2e7d32}.rating-needs-improvement .big{color:#ef6c00}.rating-poor .big{color:#c62828}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:.8rem;color:#fff}
${SEVERITIES.map((s) => `.sev-${s}{background:${SEVERITY_COLORS[s]}}`).join('')}
.muted{color:#607080}.loc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;color:#455a64}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #eef1f4;text-align:left;padding:4px 8px;vertical-align:top}.num{text-align:right}
pre{background:#263238;color:#eceff1;padding:10px 12px;border-radius:6px;overflow:auto;font-size:.85rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace}
.graph{overflow:auto;border:1px solid #eef1f4;border-radius:6px;background:#fbfcfd}
.node text{font-size:12px;text-anchor:middle;fill:#1f2933}.node text.badge{fill:#fff;font-size:10px;font-weight:600}
.edge{fill:none;stroke:#90a4ae;stroke-width:1.4}.edge.async{stroke-dasharray:5 4}.edge.back{stroke:#c62828}
.filters{display:flex;gap:16px;flex-wrap:wrap}.filters fieldset{border:1px solid #e4e9ef;border-radius:6px}.filters label{margin-right:10px;white-space:nowrap}
.finding{border-left:4px solid #cfd8dc;padding:4px 12px;margin:12px 0}.finding h3{margin:4px 0;font-size:1rem}
${SEVERITIES.map((s) => `.finding[data-severity="${s}"]{border-left-color:${SEVERITY_COLORS[s]}}`).join('')}
.finding[hidden]{display:none}
details.rec{border-top:1px solid #eef1f4;padding:6px 0}details.rec summary{cursor:pointer}
.prio{font-weight:700;margin-right:4px}.diag-error{color:#c62828}.diag-warning{color:#ef6c00}
`;

const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  var count = document.getElementById('finding-count');
  var items = Array.prototype.slice.call(document.querySelectorAll('#finding-list .finding'));
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; });
  }
  function apply() {
    var sev = checked('severity');
    var area = checked('area');
    var shown = 0;
    items.forEach(function (el) {
      var visible = sev.indexOf(el.getAttribute('data-severity')) >= 0 && area.indexOf(el.getAttribute('data-area')) >= 0;
      el.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = 'Showing ' + shown + ' of ' + items.length + ' findings';
  }
  var groups = Array.prototype.slice.call(document.querySelectorAll('#finding-list .rule-group'));
  function applyGroups() {
    groups.forEach(function (g) {
      var visible = g.querySelectorAll('.finding:not([hidden])').length;
      g.hidden = visible === 0;
      var c = g.querySelector('.group-count');
      if (c) c.textContent = String(visible);
    });
  }
  form.addEventListener('change', function () { apply(); applyGroups(); });
  apply();
  applyGroups();
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    if (el) el.scrollIntoView();
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  function setAll(open) { return function () { groups.forEach(function (g) { g.open = open; }); }; }
  document.getElementById('expand-all').addEventListener('click', setAll(true));
  document.getElementById('collapse-all').addEventListener('click', setAll(false));
  var svg = document.getElementById('service-graph');
  if (svg) {
    var base = Number(svg.getAttribute('width'));
    var scale = 1;
    Array.prototype.slice.call(document.querySelectorAll('[data-zoom]')).forEach(function (b) {
      b.addEventListener('click', function () {
        var f = Number(b.getAttribute('data-zoom'));
        scale = f === 0 ? 1 : Math.min(4, Math.max(0.25, scale * f));
        svg.setAttribute('width', String(Math.round(base * scale)));
        svg.style.maxWidth = f === 0 ? '100%' : 'none';
      });
    });
  }
})();
`;
