import type { ArtifactKind, DeclaredFacts, Diagnostic, ModelCollections } from '../model/schema.js';
import type { StructuredDocument } from './parse/structured.js';

/** A file handed to discovery: path relative to the scanned root (forward slashes) and its text. */
export interface SourceFile {
  path: string;
  text: string;
  bytes: number;
}

/** What one adapter learned from one file. merge() combines fragments into a SystemModel. */
export interface Fragment extends Partial<ModelCollections> {
  /** Facts from plumbline.yaml; later fragments override earlier ones key by key. */
  declared?: Partial<DeclaredFacts>;
  /** Parsed documents kept for rules that need the whole contract (OpenAPI, AsyncAPI). */
  documents?: ParsedArtifact[];
  diagnostics?: Diagnostic[];
}

/** A parsed contract kept beside the model (not serialised with it): rules read it through the context. */
export interface ParsedArtifact {
  kind: ArtifactKind;
  /** The API id this document defines, when it defines one. */
  apiId?: string;
  document: StructuredDocument;
}

export interface Adapter {
  kind: ArtifactKind;
  /**
   * Cheap claim test from the path and the first bytes of the file (up to 64 KiB).
   * Several adapters may claim different files; the first adapter in registry order that claims a file gets it.
   */
  claims(path: string, head: string): boolean;
  /** Parse one file. Must not throw on bad input: return diagnostics instead. */
  parse(file: SourceFile): Fragment;
}
