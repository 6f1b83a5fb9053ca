import {
  MAX_PREFERENCES_BYTES,
  type GetUserPreferencesResult,
  type SaveUserPreferencesResult,
} from '@atrium/protocol';
import {
  readPreferences,
  writePreferences,
} from '../users/user-preferences.js';
import { sessionOf, type MethodHandler } from './call-context.js';

/** GetUserPreferences: the caller's own saved preferences. */
export const getUserPreferencesMethod: MethodHandler = async (call, params) => {
  params.finish();
  const { claims } = sessionOf(call);
  const result: GetUserPreferencesResult = readPreferences(
    call.services.db,
    claims.userId,
  );
  return result;
};

/**
 * SaveUserPreferences: replaces the caller's preferences. The AccessLog
 * entry lists the top-level names saved (as `saved`; a field called
 * `keys` would be masked as a secret), never their values.
 */
export const saveUserPreferencesMethod: MethodHandler = async (
  call,
  params,
) => {
  const preferences = params.jsonObject('preferences', MAX_PREFERENCES_BYTES);
  params.finish();
  const { claims } = sessionOf(call);
  call.note({ saved: Object.keys(preferences).slice(0, 32) });
  const savedAt = writePreferences(
    call.services.db,
    claims.userId,
    preferences,
  );
  const result: SaveUserPreferencesResult = { savedAt };
  return result;
};
