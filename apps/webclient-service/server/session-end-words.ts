/**
 * Why a session ended, in words for the clinician who is sent back to the
 * login page (the Core Server's reasons are codes such as
 * 'duplicate-login').
 */

const WORDS: Readonly<Record<string, string>> = {
  logout:
    'You were logged out: you logged out in another tab or window, or an administrator ended your session.',
  idle: 'You were logged out because Atrium was not used for a while. Log in again to continue.',
  'duplicate-login':
    'You were logged out because your user name was used to log in on another computer or browser.',
  suspended:
    'You were logged out because an administrator suspended your account.',
  deleted: 'You were logged out because an administrator removed your account.',
  'roles-changed':
    'You were logged out because an administrator changed what your account may do. Log in again to continue.',
  'password-reset':
    'You were logged out because an administrator reset your password. Log in with the new password.',
  'server-stopping':
    'You were logged out because the image server is shutting down. Try again in a few minutes.',
};

/** The sentence for a Core Server end reason; a general one for others. */
export function describeSessionEnd(reason: string): string {
  return (
    WORDS[reason] ??
    'You were logged out because the image server ended your session. Log in again to continue.'
  );
}
