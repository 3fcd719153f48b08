/**
 * Which services a finding is about. A location belongs to the service declared nearest above it in the
 * same file (a compose service block, a Kubernetes document, an API file); when no location maps, an
 * element id naming a service (`deployment/cartservice`) does. Engineering-practice findings describe the
 * repository as a whole and are attributed to no service.
 */
import type { SystemModel } from '../model/schema.js';
import { compareText } from '../model/values.js';
import type { Finding } from '../rules/types.js';

interface Anchor {
  line: number;
  service: string;
}

export type Attributor = (finding: Finding) => string[];

export function serviceAttributor(model: SystemModel): Attributor {
  const anchors = new Map<string, Anchor[]>();
  const add = (file: string, line: number, service: string | undefined): void => {
    if (!service) return;
    const list = anchors.get(file) ?? [];
    list.push({ line, service });
    anchors.set(file, list);
  };
  for (const s of model.services) for (const src of [s.source, ...s.sources]) add(src.file, src.line, s.id);
  for (const d of model.deployables) add(d.source.file, d.source.line, d.serviceId);
  for (const a of model.apis) add(a.source.file, a.source.line, a.serviceId);
  for (const list of anchors.values())
    list.sort((a, b) => a.line - b.line || compareText(a.service, b.service));
  const serviceIds = new Set(model.services.map((s) => s.id));
  // files whose anchors all name one service (computed once: per finding it made assemble quadratic)
  const single = new Map<string, string>();
  for (const [file, list] of anchors)
    if (new Set(list.map((a) => a.service)).size === 1) single.set(file, list[0]!.service);

  return (finding) => {
    // Practice findings are about the repository (tests, CI, ADRs); their location is only an anchor.
    if (finding.area === 'practices') return [];
    const found = new Set<string>();
    for (const loc of finding.locations) {
      const list = anchors.get(loc.file);
      if (!list) continue;
      const only = single.get(loc.file);
      if (only !== undefined) {
        found.add(only);
        continue;
      }
      const best = lastAtOrAbove(list, loc.line);
      if (best) found.add(best.service);
    }
    if (found.size === 0 && finding.element) {
      for (const token of finding.element.toLowerCase().split(/[^a-z0-9.-]+/)) {
        if (serviceIds.has(token)) found.add(token);
      }
    }
    return [...found].sort();
  };
}

/** The last anchor (in line order) at or above `line`: a binary search over the sorted list. */
function lastAtOrAbove(list: Anchor[], line: number): Anchor | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}
