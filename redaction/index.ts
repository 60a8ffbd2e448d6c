export type { ByteRedactor, Redactor } from './redactor.js';
export { createRedactor } from './create-redactor.js';
export type { DenyPattern, EntropyConfig, RedactionConfig } from './config.js';
export { defaultRedactionConfig, validateRedactionConfig } from './config.js';
export { parseRedactionConfig } from './config-file.js';
export { redactionMarker, MARKER_PREFIX } from './marker.js';
export type { SecretPattern } from './secret-pattern.js';
export { SECRET_PATTERNS } from './patterns.js';
export { ENTROPY_RULE_NAME } from './rule-set.js';
