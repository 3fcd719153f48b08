/**
 * Loads a parser package on first use instead of at startup. Issue 8's profile of reviewing one OpenAPI file
 * spent ~1 s importing every adapter's parser (node-sql-parser, prisma-ast/chevrotain, graphql, protobufjs,
 * oxc-parser, dockerfile-ast) that the review never used. `require` keeps adapters synchronous; ESM-only
 * packages load through Node's require(esm) (Node ≥ 20.19, the engines floor).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}
