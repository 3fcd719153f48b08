/**
 * @mrleebo/prisma-ast's `main` is a CommonJS build that require()s the ESM-only chevrotain, which fails
 * under loaders without require(esm) support (tsx); its ESM build imports chevrotain properly.
 */
declare module '@mrleebo/prisma-ast/dist/prisma-ast.esm.js' {
  export * from '@mrleebo/prisma-ast';
}
