export * from './gen-ai.js';
export * from './resource.js';
export * from './agentfleet.js';
export * from './span-names.js';
export * from './session-events.js';
