/**
 * Plumbline's layers, checked by test/architecture/layers.test.ts (dependency-cruiser over src/):
 * - a rule area (src/rules/<area>/) imports no other area: shared helpers live in src/rules/shared/ (and the
 *   OpenAPI/GraphQL/gRPC helpers of the API rules in src/rules/api/lib/);
 * - src/render sees only the report (its types and the small formatting helpers beside them);
 * - src/model imports nothing from src/discover (discovery builds the model, not the other way round).
 */
const AREAS = '(api|services|data|performance|security|resilience|practices)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'rule-area-imports-another-area',
      comment: 'A rule area imports only itself, src/rules/shared and the rule types; move shared helpers to src/rules/shared.',
      severity: 'error',
      from: { path: `^src/rules/${AREAS}/` },
      to: { path: `^src/rules/${AREAS}/`, pathNot: '^src/rules/$1/' },
    },
    {
      name: 'rule-shared-imports-an-area',
      comment: 'src/rules/shared is below every area.',
      severity: 'error',
      from: { path: '^src/rules/shared/' },
      to: { path: `^src/rules/${AREAS}/` },
    },
    {
      name: 'render-sees-only-the-report',
      comment: 'Renderers turn a Report into text: they import the report types and formatting helpers, not the engine, discovery or rules.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: {
        path: '^src/',
        pathNot: ['^src/render/', '^src/review/report\\.ts$', '^src/review/format\\.ts$', '^src/rules/types\\.ts$', '^src/rules/messages\\.ts$', '^src/model/schema\\.ts$', '^src/model/provenance\\.ts$', '^src/model/values\\.ts$', '^src/version\\.ts$'],
      },
    },
    {
      name: 'model-imports-no-discover',
      comment: 'The model is the contract discovery fills in; it must not depend on discovery.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/discover/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
