export * from './errors.js';
export * from './envelope.js';
export * from './binary-frame.js';
export * from './permissions.js';
export * from './core-session.js';
export * from './core-studies.js';
export * from './core-admin.js';
export * from './core-methods.js';
