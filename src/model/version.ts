/** Version of the SystemModel's JSON shape; bumped on incompatible changes (see docs/model.md). */
export const MODEL_VERSION = '1';
