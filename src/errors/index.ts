export * from './agent-error.js';
export * from './status-codes.js';
