/** The service/dependency graph as a Mermaid flowchart (`plumbline scan --format mermaid`). */
import type { SystemModel } from '../model/schema.js';

const SHAPES: Record<string, [string, string]> = {
  datastore: ['[(', ')]'],
  cache: ['[(', ')]'],
  search: ['[(', ')]'],
  broker: ['[[', ']]'],
  gateway: ['{{', '}}'],
  frontend: ['([', '])'],
};

export function renderMermaid(model: SystemModel): string {
  const ids = new Map<string, string>();
  const nodeId = (id: string): string => {
    let n = ids.get(id);
    if (!n) {
      n = `n${ids.size}`;
      ids.set(id, n);
    }
    return n;
  };
  const lines = ['flowchart LR'];
  for (const s of model.services) {
    const [open, close] = SHAPES[s.role] ?? ['[', ']'];
    lines.push(`  ${nodeId(s.id)}${open}"${label(s.name)}"${close}`);
  }
  const known = new Set(model.services.map((s) => s.id));
  for (const d of model.dependencies) {
    for (const end of [d.from, d.to]) {
      if (!known.has(end)) {
        known.add(end);
        lines.push(`  ${nodeId(end)}>"${label(end)}"]`);
      }
    }
  }
  for (const d of model.dependencies) {
    const arrow = d.kind === 'async' ? '-.->' : d.kind === 'startup' ? '-.-' : '-->';
    lines.push(`  ${nodeId(d.from)} ${arrow}|${d.protocol}| ${nodeId(d.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}
