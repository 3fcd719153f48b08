export type DesignFormat = 'md' | 'json';
export const DESIGN_FORMATS: DesignFormat[] = ['md', 'json'];
