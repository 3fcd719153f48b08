/**
 * Plumbline's web page: plain TypeScript over the /v1 API, no framework. Hash routes (#/, #/reviews,
 * #/system/NAME, #/review/ID, #/compare?base=&head=, #/new, #/organisation); every view is built with DOM calls (no HTML
 * strings, so report text can never become markup); focus moves to the view's heading on each route change.
 */

type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

interface Summary {
  score: number;
  rating: string;
  findings: number;
  bySeverity: Record<Severity, number>;
}
interface Review {
  id: string;
  system: string;
  path: string;
  status: string;
  createdAt: string;
  finishedAt?: string;
  error?: string;
  position?: number;
  summary?: Summary;
}
interface Source {
  file: string;
  line?: number;
}
interface Finding {
  ruleId: string;
  area: string;
  severity: Severity;
  title: string;
  message: string;
  locations: Source[];
  recommendation: string;
  fix?: { description?: string; snippet?: string };
  services?: string[];
  fingerprint: string;
}
interface Report {
  system: { name: string; services: number };
  summary: { findings: number; bySeverity: Record<Severity, number> };
  findings: Finding[];
  strengths: { ruleId: string; message: string }[];
  assessment: { rating: string; score: number; summary: string };
  graph: {
    nodes: { id: string; name: string; role: string; findings: number; highest?: Severity }[];
    edges: { from: string; to: string; protocol: string }[];
  };
}

type Child = Node | string | number | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | EventListener> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text) el.textContent = text;
  return el;
}

const main = document.getElementById('main') as HTMLElement;
const statusLine = document.getElementById('status') as HTMLElement;
const KEY = 'plumbline.apiKey';

function say(text: string): void {
  statusLine.textContent = text;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  const key = sessionStorage.getItem(KEY);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (init.body) headers['content-type'] = 'application/json';
  const res = await fetch(url, { ...init, headers });
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const p = (await res.json()) as { detail?: string; title?: string };
      detail = p.detail ?? p.title ?? detail;
    } catch {}
    throw new ApiError(res.status, `${res.status}: ${detail}`);
  }
  return (await res.json()) as T;
}

function view(title: string, ...children: Child[]): void {
  const heading = h('h1', { tabindex: '-1' }, title);
  main.replaceChildren(
    heading,
    ...children
      .filter((c): c is Node | string => c !== null && c !== undefined && c !== false)
      .map((c) => (typeof c === 'number' ? String(c) : c)),
  );
  document.title = `${title} · Plumbline`;
  heading.focus();
}

function failure(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof ApiError && err.status === 401 ? ' Enter an API key above.' : '';
  view('Something went wrong', h('p', { class: 'error', role: 'alert' }, message + hint));
}

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '');

function sevCell(counts?: Record<Severity, number>): HTMLElement {
  if (!counts) return h('span', { class: 'meta' }, '—');
  return h(
    'span',
    {},
    ...SEVERITIES.flatMap((sv) =>
      counts[sv] ? [h('span', { class: `sev sev-${sv}` }, `${counts[sv]} ${sv}`), ' '] : [],
    ),
  );
}

function reviewsTable(items: Review[], caption: string, compare = false): HTMLElement {
  const rows = items.map((r) =>
    h(
      'tr',
      {},
      compare
        ? h(
            'td',
            {},
            h('input', {
              type: 'radio',
              name: 'base',
              value: r.id,
              'aria-label': `Base: review ${r.id}`,
              disabled: r.status !== 'succeeded',
            }),
          )
        : null,
      compare
        ? h(
            'td',
            {},
            h('input', {
              type: 'radio',
              name: 'head',
              value: r.id,
              'aria-label': `Head: review ${r.id}`,
              disabled: r.status !== 'succeeded',
            }),
          )
        : null,
      h('td', {}, h('a', { href: `#/review/${r.id}` }, r.id)),
      h('td', {}, h('a', { href: `#/system/${encodeURIComponent(r.system)}` }, r.system)),
      h('td', {}, r.status),
      h('td', {}, r.summary ? `${r.summary.rating} (${r.summary.score})` : ''),
      h('td', {}, sevCell(r.summary?.bySeverity)),
      h('td', {}, when(r.createdAt)),
    ),
  );
  return h(
    'table',
    {},
    h('caption', { class: 'meta' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        compare ? h('th', { scope: 'col' }, 'Base') : null,
        compare ? h('th', { scope: 'col' }, 'Head') : null,
        ...['Review', 'System', 'Status', 'Assessment', 'Findings', 'Started'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}

async function systemsView(): Promise<void> {
  const { items } = await api<{
    items: {
      name: string;
      reviews: number;
      lastReviewAt: string;
      latest?: { id: string; summary: Summary };
    }[];
  }>('/v1/systems');
  if (!items.length)
    return view('Systems', h('p', {}, 'No reviews yet. ', h('a', { href: '#/new' }, 'Start a review'), '.'));
  view(
    'Systems',
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['System', 'Reviews', 'Latest assessment', 'Findings', 'Last review'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...items.map((sys) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/system/${encodeURIComponent(sys.name)}` }, sys.name)),
            h('td', {}, sys.reviews),
            h(
              'td',
              {},
              sys.latest
                ? h(
                    'a',
                    { href: `#/review/${sys.latest.id}` },
                    `${sys.latest.summary.rating} (${sys.latest.summary.score})`,
                  )
                : '—',
            ),
            h('td', {}, sevCell(sys.latest?.summary.bySeverity)),
            h('td', {}, when(sys.lastReviewAt)),
          ),
        ),
      ),
    ),
  );
}

async function reviewsView(system?: string, cursor?: string): Promise<void> {
  const q = new URLSearchParams({ limit: '20' });
  if (system) q.set('system', system);
  if (cursor) q.set('cursor', cursor);
  const page = await api<{ items: Review[]; next?: string }>(`/v1/reviews?${q}`);
  const form = h(
    'form',
    {
      onsubmit: ((e: Event) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        const base = data.get('base');
        const head = data.get('head');
        if (!base || !head) return say('Choose a base and a head review to compare.');
        location.hash = `#/compare?base=${base}&head=${head}`;
      }) as EventListener,
    },
    reviewsTable(page.items, system ? `Reviews of ${system}, newest first` : 'Reviews, newest first', true),
    h(
      'p',
      {},
      h('button', { type: 'submit' }, 'Compare the chosen reviews'),
      ' ',
      page.next
        ? h(
            'a',
            { href: `#/${system ? `system/${encodeURIComponent(system)}` : 'reviews'}?cursor=${page.next}` },
            'Older reviews',
          )
        : null,
    ),
  );
  if (!system) return view('Reviews', form);
  const trend = await api<{ points: { id: string; finishedAt: string; summary: Summary }[] }>(
    `/v1/systems/${encodeURIComponent(system)}/trend`,
  );
  view(`System ${system}`, h('h2', {}, 'Trend'), trendChart(trend.points), h('h2', {}, 'Reviews'), form);
}

function trendChart(points: { id: string; finishedAt: string; summary: Summary }[]): Node {
  if (points.length === 0) return h('p', { class: 'meta' }, 'No finished review yet.');
  const W = 640;
  const H = 200;
  const pad = 30;
  const max = Math.max(1, ...points.flatMap((p) => SEVERITIES.map((sv) => p.summary.bySeverity[sv])));
  const x = (i: number) =>
    pad + (points.length === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (points.length - 1));
  const y = (v: number) => H - pad - (v / max) * (H - 2 * pad);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: '100%',
    role: 'img',
    class: 'trend',
    'aria-labelledby': 'trend-title',
  });
  svg.append(s('title', { id: 'trend-title' }, 'Findings by severity over time (table below)'));
  svg.append(s('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, stroke: '#8c959f' }));
  const colours: Record<Severity, string> = {
    critical: '#8b0000',
    high: '#b42318',
    medium: '#9a6700',
    low: '#3d6b00',
    info: '#57606a',
  };
  for (const sv of SEVERITIES) {
    svg.append(
      s('polyline', {
        points: points.map((p, i) => `${x(i)},${y(p.summary.bySeverity[sv])}`).join(' '),
        stroke: colours[sv],
      }),
    );
    const last = points[points.length - 1]!;
    svg.append(s('text', { x: x(points.length - 1) + 4, y: y(last.summary.bySeverity[sv]) }, sv));
  }
  const table = h(
    'table',
    {},
    h('caption', { class: 'meta' }, 'Findings by severity per finished review, oldest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Review'),
        h('th', { scope: 'col' }, 'Score'),
        ...SEVERITIES.map((sv) => h('th', { scope: 'col' }, sv)),
      ),
    ),
    h(
      'tbody',
      {},
      ...points.map((p) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/review/${p.id}` }, when(p.finishedAt))),
          h('td', {}, p.summary.score),
          ...SEVERITIES.map((sv) => h('td', {}, p.summary.bySeverity[sv])),
        ),
      ),
    ),
  );
  return h('div', {}, svg, table);
}

function graphView(graph: Report['graph']): Node {
  if (!graph.nodes.length) return h('p', { class: 'meta' }, 'No services found.');
  const W = 640;
  const H = 420;
  const R = Math.min(W, H) / 2 - 60;
  const pos = new Map(
    graph.nodes.map((n, i) => {
      const a = (2 * Math.PI * i) / graph.nodes.length - Math.PI / 2;
      return [n.id, { x: W / 2 + R * Math.cos(a), y: H / 2 + R * Math.sin(a) }];
    }),
  );
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: '100%',
    role: 'img',
    class: 'graph',
    'aria-labelledby': 'graph-title',
  });
  svg.append(
    s(
      'title',
      { id: 'graph-title' },
      `Service graph: ${graph.nodes.length} services, ${graph.edges.length} connections (listed below)`,
    ),
  );
  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (a && b) svg.append(s('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y }));
  }
  const colours: Record<string, string> = {
    critical: '#8b0000',
    high: '#b42318',
    medium: '#9a6700',
    low: '#3d6b00',
    info: '#57606a',
  };
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    svg.append(s('circle', { cx: p.x, cy: p.y, r: 7, fill: n.highest ? colours[n.highest]! : '#0b5cad' }));
    svg.append(s('text', { x: p.x + 9, y: p.y + 4 }, n.name));
  }
  const list = h('ul', {}, ...graph.edges.map((e) => h('li', {}, `${e.from} → ${e.to} (${e.protocol})`)));
  return h('div', {}, svg, h('details', {}, h('summary', {}, 'Connections as a list'), list));
}

function findingItem(f: Finding): HTMLElement {
  return h(
    'details',
    { class: 'finding', 'data-severity': f.severity, 'data-area': f.area },
    h(
      'summary',
      {},
      h('span', { class: `sev sev-${f.severity}` }, f.severity),
      ' ',
      f.title,
      h('span', { class: 'meta' }, ` — ${f.ruleId}`),
    ),
    h('p', {}, f.message),
    h(
      'p',
      {},
      h('strong', {}, 'Evidence: '),
      ...f.locations.flatMap((l, i) => [
        i ? ', ' : '',
        h('code', {}, `${l.file}${l.line ? `:${l.line}` : ''}`),
      ]),
    ),
    f.services?.length ? h('p', { class: 'meta' }, `Services: ${f.services.join(', ')}`) : null,
    h('p', {}, h('strong', {}, 'Fix: '), f.recommendation),
    f.fix?.snippet ? h('pre', { class: 'snippet' }, h('code', {}, f.fix.snippet)) : null,
    h('p', {}, h('a', { href: `/v1/rules/${f.ruleId}` }, 'About this rule (JSON)')),
  );
}

function select(name: string, label: string, values: string[]): HTMLSelectElement {
  return h(
    'select',
    { name, id: `filter-${name}`, 'aria-label': label },
    h('option', { value: '' }, 'all'),
    ...values.map((v) => h('option', { value: v }, v)),
  );
}

async function reviewView(id: string): Promise<void> {
  let review = await api<Review>(`/v1/reviews/${id}`);
  if (review.status === 'queued' || review.status === 'running') {
    view(`Review ${id}`, h('p', { id: 'progress' }, `Status: ${review.status}`));
    review = await follow(id, (e) => {
      const p = document.getElementById('progress');
      if (p)
        p.textContent = `Status: ${e.status}${e.position !== undefined ? ` (queue position ${e.position + 1})` : ''}`;
    });
    if (location.hash !== `#/review/${id}`) return;
  }
  if (review.status === 'failed')
    return view(
      `Review ${id}`,
      h('p', { class: 'error', role: 'alert' }, `The review failed: ${review.error ?? 'unknown error'}`),
    );
  const report = await api<Report>(`/v1/reviews/${id}/report`);
  const areas = [...new Set(report.findings.map((f) => f.area))].sort();
  const services = [...new Set(report.findings.flatMap((f) => f.services ?? []))].sort();
  const sevSel = select(
    'severity',
    'Severity',
    SEVERITIES.filter((sv) => report.summary.bySeverity[sv]),
  );
  const areaSel = select('area', 'Area', areas);
  const svcSel = select('service', 'Service', services);
  const list = h('div', { id: 'findings' });
  const count = h('p', { class: 'meta', 'aria-live': 'polite', id: 'findings-count' });
  const render = () => {
    const shown = report.findings.filter(
      (f) =>
        (!sevSel.value || f.severity === sevSel.value) &&
        (!areaSel.value || f.area === areaSel.value) &&
        (!svcSel.value || (f.services ?? []).includes(svcSel.value)),
    );
    list.replaceChildren(...shown.map(findingItem));
    count.textContent = `${shown.length} of ${report.findings.length} findings shown`;
  };
  for (const sel of [sevSel, areaSel, svcSel]) sel.addEventListener('change', render);
  render();
  const a = report.assessment;
  view(
    `Review of ${review.system}`,
    h(
      'p',
      { class: 'meta' },
      `${review.id} · ${review.path} · finished ${when(review.finishedAt)} · `,
      h('a', { href: `#/system/${encodeURIComponent(review.system)}` }, 'all reviews of this system'),
    ),
    h(
      'div',
      { class: 'cards' },
      h('div', { class: 'card' }, 'Assessment', h('strong', {}, a.rating)),
      h('div', { class: 'card' }, 'Score', h('strong', {}, a.score)),
      h('div', { class: 'card' }, 'Findings', h('strong', {}, report.summary.findings)),
      h('div', { class: 'card' }, 'Services', h('strong', {}, report.system.services)),
    ),
    h('p', {}, a.summary),
    h('h2', {}, 'Strengths'),
    report.strengths.length
      ? h('ul', {}, ...report.strengths.map((st) => h('li', {}, st.message)))
      : h('p', { class: 'meta' }, 'None recorded.'),
    h('h2', { id: 'findings-heading' }, 'Findings'),
    h(
      'div',
      { class: 'filters', role: 'group', 'aria-labelledby': 'findings-heading' },
      h('label', { for: 'filter-severity' }, 'Severity', sevSel),
      h('label', { for: 'filter-area' }, 'Area', areaSel),
      h('label', { for: 'filter-service' }, 'Service', svcSel),
    ),
    count,
    list,
    h('h2', {}, 'Service graph'),
    graphView(report.graph),
  );
}

interface StatusEvent {
  id: string;
  status: string;
  position?: number;
  error?: string;
}

/** Follows a review's Server-Sent Events (read with fetch: EventSource cannot send the API key). */
async function follow(id: string, onEvent: (e: StatusEvent) => void): Promise<Review> {
  const key = sessionStorage.getItem(KEY);
  const res = await fetch(`/v1/reviews/${id}/events`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) onEvent(JSON.parse(data.slice(6)) as StatusEvent);
      }
    }
  }
  return api<Review>(`/v1/reviews/${id}`);
}

async function compareView(base: string, head: string): Promise<void> {
  const c = await api<{ base: Review; head: Review; new: Finding[]; fixed: Finding[]; unchanged: Finding[] }>(
    `/v1/comparisons?base=${encodeURIComponent(base)}&head=${encodeURIComponent(head)}`,
  );
  const section = (title: string, items: Finding[]) =>
    h(
      'section',
      { 'aria-label': title },
      h('h2', {}, `${title} (${items.length})`),
      items.length
        ? h(
            'ul',
            {},
            ...items.map((f) =>
              h(
                'li',
                {},
                h('span', { class: `sev sev-${f.severity}` }, f.severity),
                ' ',
                f.message,
                h('span', { class: 'meta' }, ` — ${f.ruleId}`),
              ),
            ),
          )
        : h('p', { class: 'meta' }, 'None.'),
    );
  view(
    'Comparison',
    h(
      'p',
      {},
      'Base ',
      h('a', { href: `#/review/${c.base.id}` }, `${c.base.system} ${c.base.id}`),
      ` (${c.base.summary?.score ?? '—'}) → head `,
      h('a', { href: `#/review/${c.head.id}` }, `${c.head.system} ${c.head.id}`),
      ` (${c.head.summary?.score ?? '—'})`,
    ),
    section('New findings', c.new),
    section('Fixed findings', c.fixed),
    section('Unchanged findings', c.unchanged),
  );
}

function newView(): void {
  const out = h('p', { 'aria-live': 'polite', id: 'submit-result' });
  const form = h(
    'form',
    {
      class: 'stack',
      onsubmit: (async (e: Event) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        const body: Record<string, string> = { path: String(data.get('path')) };
        if (data.get('system')) body.system = String(data.get('system'));
        try {
          const r = await api<Review>('/v1/reviews', { method: 'POST', body: JSON.stringify(body) });
          say(`Review ${r.id} queued`);
          location.hash = `#/review/${r.id}`;
        } catch (err) {
          out.textContent = err instanceof Error ? err.message : String(err);
          out.className = 'error';
        }
      }) as EventListener,
    },
    h(
      'label',
      { for: 'new-path' },
      'Directory on the server (inside its allowed roots)',
      h('input', { id: 'new-path', name: 'path', required: true, placeholder: 'examples/shop' }),
    ),
    h(
      'label',
      { for: 'new-system' },
      'System name (optional; default: the directory name)',
      h('input', { id: 'new-system', name: 'system' }),
    ),
    h('p', {}, h('button', { type: 'submit' }, 'Start the review')),
  );
  view('Start a review', form, out);
}

interface Organisation {
  systems: {
    name: string;
    latest?: { id: string; summary: Summary };
    trend: { id: string; finishedAt: string; score: number; rating: string }[];
  }[];
  rules: { ruleId: string; title: string; severity: Severity; systems: string[]; findings: number }[];
  graph: {
    nodes: { id: string; system: string; service: string; role: string; repositories?: string[] }[];
    edges: { from: string; to: string; protocol: string; kind: string; crossSystem: boolean }[];
  };
}

function tableOf(caption: string, head: string[], rows: Child[][]): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c))))),
  );
}

/** A small line of the scores, oldest first, with the numbers as its text alternative. */
function scoreLine(points: { score: number }[]): Node {
  const label = `scores ${points.map((p) => p.score).join(', ')}`;
  if (points.length < 2) return document.createTextNode(points.length ? String(points[0]!.score) : '—');
  const w = 120;
  const ht = 24;
  const step = w / (points.length - 1);
  const d = points.map(
    (p, i) => `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${(ht - (p.score / 100) * ht).toFixed(1)}`,
  );
  const svg = s('svg', { width: w, height: ht, viewBox: `0 0 ${w} ${ht}`, role: 'img', 'aria-label': label });
  svg.append(s('path', { d: d.join(' '), fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
  return svg;
}

async function organisationView(): Promise<void> {
  const org = await api<Organisation>('/v1/organisation?trend=10&rules=10');
  if (!org.systems.length)
    return view(
      'Organisation',
      h('p', {}, 'No reviews yet. ', h('a', { href: '#/new' }, 'Start a review'), '.'),
    );
  const systems = tableOf(
    'Every system: latest assessment and trend of its last reviews',
    ['System', 'Latest assessment', 'Trend (score, oldest first)'],
    org.systems.map((sys) => [
      h('a', { href: `#/system/${encodeURIComponent(sys.name)}` }, sys.name),
      sys.latest
        ? h(
            'a',
            { href: `#/review/${sys.latest.id}` },
            `${sys.latest.summary.rating} (${sys.latest.summary.score})`,
          )
        : '—',
      scoreLine(sys.trend),
    ]),
  );
  const rules = tableOf(
    'Rules violated in the most systems (latest reviews)',
    ['Rule', 'Severity', 'Systems', 'Findings'],
    org.rules.map((r) => [
      h('span', {}, `${r.title} `, h('code', {}, r.ruleId)),
      r.severity,
      `${r.systems.length}: ${r.systems.join(', ')}`,
      r.findings,
    ]),
  );
  const repos = new Map(org.graph.nodes.map((n) => [n.id, n.repositories]));
  const where = (id: string) => {
    const r = repos.get(id);
    return r?.length ? `${id} (${r.join(', ')})` : id;
  };
  const cross = org.graph.edges.filter((e) => e.crossSystem);
  const within = org.graph.edges.length - cross.length;
  const graph = cross.length
    ? tableOf(
        'Calls from one system’s service to another system’s service',
        ['From', 'To', 'Protocol'],
        cross.map((e) => [where(e.from), where(e.to), e.protocol]),
      )
    : h('p', {}, 'No call from one system’s service into another system was found.');
  view(
    'Organisation',
    h('h2', {}, 'Systems'),
    systems,
    h('h2', {}, 'Most violated rules'),
    org.rules.length ? rules : h('p', {}, 'No findings in the latest reviews.'),
    h('h2', {}, 'Service graph across systems'),
    h(
      'p',
      {},
      `${org.graph.nodes.length} services in ${org.systems.length} systems, ${within} calls within systems, ${cross.length} between systems.`,
    ),
    graph,
  );
}

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [pathPart, query = ''] = hash.split('?');
  const q = new URLSearchParams(query);
  const parts = (pathPart ?? '/').split('/').filter(Boolean).map(decodeURIComponent);
  say('');
  try {
    if (parts[0] === 'review' && parts[1]) await reviewView(parts[1]);
    else if (parts[0] === 'system' && parts[1]) await reviewsView(parts[1], q.get('cursor') ?? undefined);
    else if (parts[0] === 'reviews') await reviewsView(undefined, q.get('cursor') ?? undefined);
    else if (parts[0] === 'compare') await compareView(q.get('base') ?? '', q.get('head') ?? '');
    else if (parts[0] === 'new') newView();
    else if (parts[0] === 'organisation') await organisationView();
    else await systemsView();
  } catch (err) {
    failure(err);
  }
}

const keyForm = document.getElementById('key-form') as HTMLFormElement;
const keyInput = document.getElementById('api-key') as HTMLInputElement;
keyInput.value = sessionStorage.getItem(KEY) ?? '';
keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, keyInput.value.trim());
  say('API key set for this tab');
  void route();
});
window.addEventListener('hashchange', () => void route());
void route();
