/** Public entry of the design stage: requirements → New System Design report → scaffolds. */
export { ASSUMPTION_NAMES, type Assumption, DEFAULT_ASSUMPTIONS } from './assumptions.js';
export { designSystem } from './design.js';
export { requirementsJsonSchemaText } from './json-schema.js';
export { DESIGN_FORMATS, type DesignFormat, renderDesign } from './render.js';
export {
  formatIssue,
  parseRequirements,
  type Requirements,
  RequirementsError,
  type RequirementsIssue,
  RequirementsSchema,
} from './requirements.js';
export type { DesignResult } from './result.js';
export { scaffoldFiles, writeScaffolds } from './scaffold/index.js';
