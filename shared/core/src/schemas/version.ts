/** Bumped when a record schema changes incompatibly; consumers reject versions they do not know. */
export const SCHEMA_VERSION = 1;
