import type { Area } from '../rules/types.js';

export { AREA_TITLES } from '../rules/types.js';

/** What problems in an area do to a system, for the Architectural Impact section. */
export const AREA_IMPACT: Record<Area, string> = {
  api: 'contract problems make clients brittle: changes can break consumers, and integrations cost more',
  services: 'boundary problems couple services: changes and failures spread across teams and deployments',
  data: 'data design problems put integrity, growth and the independent evolution of services at risk',
  performance: 'performance problems limit scale: latency and cost grow faster than load',
  security: 'security problems widen the attack surface and the blast radius of a compromise',
  resilience: 'resilience problems let one failure cascade into an outage, or go unnoticed',
  practices: 'practice gaps slow safe change: less confidence in each deploy and slower recovery',
};
