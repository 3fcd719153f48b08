/** Mermaid C4 context and container diagrams of the designed system. */

import { safeText } from '../../render/sanitize.js';
import { mdText } from '../../render/text.js';
import { PATTERN_LABEL } from '../decisions/pattern.js';
import type { DesignResult } from '../result.js';
import { backingServices } from './backing.js';

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
/** A Mermaid label: no quote, backtick (a fence), line break or HTML tag of its own (Mermaid's `#lt;` codes). */
const q = (s: string) => safeText(s).replace(/["`]/g, "'").replace(/</g, '#lt;').replace(/>/g, '#gt;');

export function c4Markdown(d: DesignResult): string {
  const externals = d.integration.externals;
  const context = [
    'C4Context',
    `  title System context: ${q(d.system)}`,
    '  Person(user, "User", "Uses the system through its API and clients")',
    `  System(system, "${q(d.system)}", "${q(d.description ?? d.system)}")`,
    ...externals.map((e) => `  System_Ext(${id(e.name)}, "${q(e.name)}", "${q(e.purpose)}")`),
    '  Rel(user, system, "Uses", "HTTPS")',
    ...externals.map((e) =>
      e.direction === 'outbound'
        ? `  Rel(system, ${id(e.name)}, "${q(e.purpose)}", "${e.mode === 'sync' ? 'HTTPS' : 'HTTPS, async'}")`
        : `  Rel(${id(e.name)}, system, "${q(e.purpose)}", "HTTPS webhooks")`,
    ),
  ];
  const backing = backingServices(d);
  const container = [
    'C4Container',
    `  title Containers: ${q(d.system)} (${q(PATTERN_LABEL[d.pattern.pattern])})`,
    '  Person(user, "User")',
    `  System_Boundary(b, "${q(d.system)}") {`,
    ...d.deployables.map(
      (x) =>
        `    Container(${id(x.name)}, "${x.name}", "${q(x.runtime.framework)}", "${q(x.contexts.join(', '))}; ${x.replicas} replicas")`,
    ),
    ...backing.map((b) =>
      b.engine === 'kafka' || b.engine === 'rabbitmq'
        ? `    ContainerQueue(${id(b.name)}, "${b.name}", "${b.engine}")`
        : `    ContainerDb(${id(b.name)}, "${b.name}", "${b.engine}")`,
    ),
    '  }',
    ...externals.map((e) => `  System_Ext(${id(e.name)}, "${q(e.name)}")`),
    ...d.deployables.map((x) => `  Rel(user, ${id(x.name)}, "Calls", "HTTPS/JSON")`),
    ...d.deployables.flatMap((x) =>
      x.calls.map((c) => `  Rel(${id(x.name)}, ${id(c)}, "Calls", "HTTP/JSON, timeout + circuit breaker")`),
    ),
    ...backing.flatMap((b) =>
      b.engine === 'kafka' || b.engine === 'rabbitmq'
        ? d.deployables
            .filter((x) => x.publishes.length || x.consumes.length)
            .map(
              (x) =>
                `  Rel(${id(x.name)}, ${id(b.name)}, "${[x.publishes.length ? `publishes ${x.publishes.join(', ')}` : '', x.consumes.length ? `consumes ${x.consumes.join(', ')}` : ''].filter(Boolean).join('; ')}")`,
            )
        : b.usedBy.map((u) => `  Rel(${id(u)}, ${id(b.name)}, "Reads and writes")`),
    ),
    ...d.deployables.flatMap((x) =>
      x.integrations.map(
        (name) =>
          `  Rel(${id(x.name)}, ${id(name)}, "${q(externals.find((e) => e.name === name)!.purpose)}")`,
      ),
    ),
  ];
  return [
    `# ${mdText(d.system)} — C4 diagrams`,
    '',
    '## System context',
    '',
    '```mermaid',
    ...context,
    '```',
    '',
    '## Containers',
    '',
    '```mermaid',
    ...container,
    '```',
    '',
  ].join('\n');
}
