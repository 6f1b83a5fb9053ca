/**
 * Login for the viewer: next-auth with a credentials provider that asks the
 * Core Server. The Core Server's token lives in the next-auth JWT (an
 * encrypted cookie the browser cannot read) and is renewed while the
 * session lives; the browser only ever sees the user's names and roles.
 * Server only.
 */
import type { AuthOptions, Session, User } from 'next-auth';
import { getServerSession } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { WebAuthJwtFields } from '@atrium/protocol';
import { ACCOUNT_LOCKED, encodeLoginError } from '../login-error';
import {
  authenticateAtCore,
  checkSessionAtCore,
  isSessionOver,
  logoutAtCore,
  renewAtCore,
  describeCoreFailure,
} from './core-session';
import { keepRedirectOnSite } from './auth-redirect';
import { hasSessionEnded, markSessionEnded } from './session-liveness';
import { readWebSettings } from './web-settings';

/** Renew the Core Server token when less than this is left (ms). */
const RENEW_BEFORE_MS = 5 * 60_000;
/** A browser session ends this long after its last activity (seconds). */
const SESSION_MAX_AGE_S = 12 * 60 * 60;

// next-auth takes the site's address from X-Forwarded-Host and
// X-Forwarded-Proto. No proxy stands in front of the service: the custom
// server (server/request-guard.ts) drops whatever the client sent in those
// headers and writes webfqdn, the port that took the request and whether
// it came over TLS, so the address is the service's own and the session
// cookie is Secure on HTTPS. A Next started without the custom server
// would trust the client's headers: it is not a supported way to run.
process.env.AUTH_TRUST_HOST ??= 'true';

/** The user as the browser's session shows it. */
export interface AtriumSessionUser {
  userId: string;
  name: string;
  roles: string[];
  permissions: string[];
  /** The password was reset or has expired: it must change first. */
  mustChangePassword: boolean;
}

/** What our JWT holds beyond next-auth's own fields. */
type AtriumJwt = JWT & WebAuthJwtFields & Omit<AtriumSessionUser, 'userId'>;

type AtriumUser = User & WebAuthJwtFields & AtriumSessionUser;

let options: Promise<AuthOptions> | null = null;

/** The next-auth options, built once the settings are read. */
export function getAuthOptions(): Promise<AuthOptions> {
  options ??= readWebSettings()
    .then(buildAuthOptions)
    .catch((error: unknown) => {
      options = null;
      throw error;
    });
  return options;
}

/** The logged-in user of this request, or null. */
export async function readSession(): Promise<AtriumSessionUser | null> {
  const session = (await getServerSession(await getAuthOptions())) as
    (Session & { atrium?: AtriumSessionUser }) | null;
  return session?.atrium ?? null;
}

function buildAuthOptions(settings: { nextAuthSecret: string }): AuthOptions {
  return {
    secret: settings.nextAuthSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Atrium',
        credentials: {
          username: { label: 'User name', type: 'text' },
          password: { label: 'Password', type: 'password' },
          closeOtherSessions: { label: 'End my other session', type: 'text' },
        },
        authorize: logIn,
      }),
    ],
    callbacks: {
      jwt: keepCoreToken,
      session: showSession,
      redirect: keepRedirectOnSite,
    },
    events: {
      async signOut({ token }) {
        const { coreToken, coreSessionId } = token as Partial<AtriumJwt>;
        // A copy of the cookie kept after logout shows no session.
        if (coreSessionId) markSessionEnded(coreSessionId);
        if (coreToken) await logoutAtCore(coreToken);
      },
    },
  };
}

// A refusal is thrown with the Core Server's code and own words; next-auth
// hands that text to the login form as the error.
async function logIn(
  credentials:
    Record<'username' | 'password' | 'closeOtherSessions', string> | undefined,
  request: { headers?: Record<string, unknown> } | undefined,
): Promise<AtriumUser> {
  const username = credentials?.username?.trim() ?? '';
  const password = credentials?.password ?? '';
  if (!username || !password) {
    throw refuse(
      'WEB_CREDENTIALS_MISSING',
      'Enter your user name and password',
    );
  }

  let answer;
  try {
    answer = await authenticateAtCore(username, password, {
      closeOtherSessions: credentials?.closeOtherSessions === 'true',
      forwardedFor: readBrowserAddress(request?.headers),
    });
  } catch (error) {
    const { code, details } = error as { code?: unknown; details?: unknown };
    const coreCode = typeof code === 'string' ? code : '';
    // When a lock ends is for the form to word; no other details are
    // passed on (the message of any other refusal says what it needs).
    throw refuse(
      coreCode,
      describeCoreFailure(error),
      coreCode === ACCOUNT_LOCKED ? details : undefined,
    );
  }
  const { user } = answer;
  return {
    id: user.userId,
    userId: user.userId,
    name:
      [user.firstName, user.lastName].filter(Boolean).join(' ') || user.userId,
    roles: user.roles,
    permissions: user.permissions,
    coreToken: answer.token,
    coreTokenExpiresAt: answer.expiresAt,
    coreSessionId: answer.sessionId,
    mustChangePassword: answer.mustChangePassword,
  };
}

/**
 * The browser's address for the Core Server's log. The custom server
 * (server/request-guard.ts) writes X-Forwarded-For from the socket after
 * dropping whatever the client sent, so it is the service's own word. Only
 * an address-shaped value is passed; the Core Server checks it again.
 */
function readBrowserAddress(
  headers: Record<string, unknown> | undefined,
): string | undefined {
  const value = headers?.['x-forwarded-for'];
  if (typeof value !== 'string') return undefined;
  const address = value.trim();
  return /^[0-9A-Fa-f:.]{2,45}$/.test(address) ? address : undefined;
}

function refuse(code: string, message: string, details?: unknown): Error {
  const facts =
    typeof details === 'object' && details !== null && !Array.isArray(details)
      ? { details: details as Record<string, unknown> }
      : {};
  return new Error(encodeLoginError({ code, message, ...facts }));
}

async function keepCoreToken({
  token,
  user,
  trigger,
}: {
  token: JWT;
  user?: User;
  trigger?: 'signIn' | 'signUp' | 'update';
}): Promise<JWT> {
  if (user) {
    const fresh = user as AtriumUser;
    const kept: AtriumJwt = {
      ...token,
      sub: fresh.userId,
      name: fresh.name,
      userId: fresh.userId,
      roles: fresh.roles,
      permissions: fresh.permissions,
      coreToken: fresh.coreToken,
      coreTokenExpiresAt: fresh.coreTokenExpiresAt,
      coreSessionId: fresh.coreSessionId,
      mustChangePassword: fresh.mustChangePassword,
    };
    return kept;
  }

  const current = token as AtriumJwt;
  // A session ended by logout (here or elsewhere), suspension or idleness
  // shows no user: throwing makes next-auth drop the cookie.
  if (await hasSessionEnded(current.coreSessionId, current.coreToken)) {
    throw new Error('The Core Server session has ended');
  }
  // After a password change the browser asks for an update; whether the
  // change happened is asked of the Core Server, never taken from it.
  if (trigger === 'update' && current.mustChangePassword) {
    const session = await checkSessionAtCore(current.coreToken);
    return { ...current, mustChangePassword: session.mustChangePassword };
  }
  const left = Date.parse(current.coreTokenExpiresAt) - Date.now();
  if (!(left < RENEW_BEFORE_MS)) return token;

  try {
    const renewed = await renewAtCore(current.coreToken);
    return {
      ...current,
      coreToken: renewed.token,
      coreTokenExpiresAt: renewed.expiresAt,
    };
  } catch (error) {
    // A session the Core Server has ended (logout elsewhere, suspension,
    // idle) ends this one too: throwing makes next-auth drop the cookie.
    // Anything else (the Core Server restarting) keeps the old token,
    // which is tried again on the next session check.
    if (isSessionOver(error)) throw error;
    return token;
  }
}

function showSession({
  session,
  token,
}: {
  session: Session;
  token: JWT;
}): Session {
  const jwt = token as AtriumJwt;
  const atrium: AtriumSessionUser = {
    userId: jwt.userId,
    name: jwt.name ?? jwt.userId,
    roles: jwt.roles ?? [],
    permissions: jwt.permissions ?? [],
    mustChangePassword: jwt.mustChangePassword === true,
  };
  return {
    expires: session.expires,
    user: { name: atrium.name },
    atrium,
  } as Session;
}
