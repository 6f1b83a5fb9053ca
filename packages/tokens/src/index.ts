export * from './claims.js';
export * from './errors.js';
export * from './key-files.js';
export * from './sign-token.js';
export * from './verify-token.js';
