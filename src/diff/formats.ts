/** The diff command's output formats, apart from the renderers so the CLI can list them without loading them. */
export type DiffFormat = 'terminal' | 'md' | 'json' | 'sarif';
export const DIFF_FORMATS: DiffFormat[] = ['terminal', 'md', 'json', 'sarif'];
