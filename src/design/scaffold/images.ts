/** Image references for the designed services: the image CI builds and pushes, a pinned version, never `latest`. */
import type { DeployableDesign, DesignResult } from '../result.js';

export const INITIAL_VERSION = '0.1.0';

export function imageOf(d: DesignResult, dep: DeployableDesign): string {
  return `ghcr.io/${d.slug}/${dep.name}:${INITIAL_VERSION}`;
}
