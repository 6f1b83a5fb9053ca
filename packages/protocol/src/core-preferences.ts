/**
 * Per-user preferences kept by the Core Server: a JSON object the viewer
 * owns (window presets, layout and the like). The server stores it as
 * given and gives it back; it reads nothing inside.
 */

/** A user's preferences: any JSON object. */
export type UserPreferences = Record<string, unknown>;

/** GetUserPreferences: the caller's own preferences. */
export type GetUserPreferencesParams = Record<string, never>;

export interface GetUserPreferencesResult {
  /** The saved object, or `{}` when nothing was saved yet. */
  preferences: UserPreferences;
  /** When they were last saved (ISO 8601); null when never. */
  savedAt: string | null;
}

/** SaveUserPreferences: replaces the caller's preferences as a whole. */
export interface SaveUserPreferencesParams {
  preferences: UserPreferences;
}

export interface SaveUserPreferencesResult {
  savedAt: string;
}

/** Largest preferences object accepted, in bytes of its JSON text. */
export const MAX_PREFERENCES_BYTES = 64 * 1024;
