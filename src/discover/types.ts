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
  /**
   * Set by an adapter whose cheap claim let a file through but whose parsed content is not its kind: the next
   * adapter that claims the file gets it. Diagnostics of a declined fragment are kept only when no adapter takes
   * the file.
   */
  declined?: boolean;
  /** Other files this fragment read (a multi-file contract's referenced files), by path. */
  readFiles?: string[];
}

/** A parsed contract kept beside the model (not serialised with it): rules read it through the context. */
export interface ParsedArtifact {
  kind: ArtifactKind;
  /** The API id this document defines, when it defines one. */
  apiId?: string;
  document: StructuredDocument;
  /** Values of other files a multi-file document uses, as `file#/pointer` (they are used, though not in their file). */
  imports?: string[];
}

/** The other files of the same discovery run, by path relative to the root (for multi-file documents). */
export type FileLookup = (path: string) => SourceFile | undefined;

export interface Adapter {
  kind: ArtifactKind;
  /**
   * Cheap claim test from the path and the first bytes of the file (`head`, up to 64 KiB; adapters that must see
   * the whole file, such as contracts whose version key may come after megabytes of components, read `text`).
   * The first adapter in registry order that claims a file and does not decline it (see `Fragment.declined`)
   * gets it.
   */
  claims(path: string, head: string, text?: string): boolean;
  /** Parse one file. Must not throw on bad input: return diagnostics instead. */
  parse(file: SourceFile, files?: FileLookup): Fragment;
}
