import type { Migration } from '../migration.js';
import { imageIndexMigration } from './001-image-index.js';
import { usersMigration } from './002-users.js';
import { loginPolicyMigration } from './003-login-policy.js';
import { frameTimeMigration } from './004-frame-time.js';
import { workspacesMigration } from './005-workspaces.js';

/**
 * Every schema migration of the Core Server, in the order they run. Add a
 * migration by appending one line; never renumber or edit a released one.
 */
export const migrations: readonly Migration[] = [
  imageIndexMigration,
  usersMigration,
  loginPolicyMigration,
  frameTimeMigration,
  workspacesMigration,
];
