/** Where Plumbline's documentation lives, for links in SARIF and HTML output. One place to change it. */
import type { Area } from '../rules/types.js';

export const PLUMBLINE_HOME = 'https://plumbline.dev';

/** The rule's section in docs/rules/<area>.md (same anchor scheme as src/rules/docs.ts). */
export function ruleDocsUri(ruleId: string, area: Area): string {
  return `${PLUMBLINE_HOME}/docs/rules/${area}.md#${ruleId.toLowerCase().replace(/[^a-z0-9 -]/g, '')}`;
}
