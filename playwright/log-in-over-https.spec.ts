import {
  expect,
  findSunnybrook,
  logIn,
  logOut,
  openFirstStudy,
  test,
} from './support/journey.js';
import { USERS } from './support/product.js';

// The development certificate is signed by a CA the browser does not know.
test.use({ ignoreHTTPSErrors: true });

test('a clinician logs in over HTTPS and reviews a study there', async ({
  page,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  // The viewer (WebGL, wasm decoders, blob workers) works under the CSP.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  await logIn(page, undefined, httpsUrl);
  expect(page.url().startsWith(`${httpsUrl}/studies`)).toBe(true);

  // next-auth keeps the session in its __Secure- cookie on HTTPS.
  const cookies = await page.context().cookies(httpsUrl);
  const session = cookies.find(
    (c) => c.name === '__Secure-next-auth.session-token',
  );
  expect(session).toMatchObject({ secure: true, httpOnly: true });

  await findSunnybrook(page);
  await openFirstStudy(page);
  await logOut(page);
  expect(violations).toEqual([]);
});

test('HTTPS answers carry the security headers', async ({ request }) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  const answer = await request.get(`${httpsUrl}/login`);
  const headers = answer.headers();
  expect(headers['content-security-policy']).toContain(
    "frame-ancestors 'self' http://127.0.0.1:*",
  );
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
});

test('forged forwarding headers neither steer the login away nor drop Secure from its cookie', async ({
  request,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  const forged = {
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'http',
  };
  const providers = await request.get(`${httpsUrl}/api/auth/providers`, {
    headers: forged,
  });
  expect(await providers.text()).not.toContain('evil.example');

  const csrf = await request.get(`${httpsUrl}/api/auth/csrf`, {
    headers: forged,
  });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await request.post(
    `${httpsUrl}/api/auth/callback/credentials`,
    {
      headers: forged,
      form: {
        csrfToken,
        username: USERS.clinician.username,
        password: USERS.clinician.password,
        closeOtherSessions: 'true',
        callbackUrl: 'https://evil.example/steal',
        json: 'true',
      },
      maxRedirects: 0,
    },
  );
  const { url } = (await login.json()) as { url: string };
  expect(url).toBe(`${httpsUrl}/studies`);
  const cookies = login
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => h.value);
  const session = cookies.find((c) =>
    c.startsWith('__Secure-next-auth.session-token='),
  );
  expect(session).toMatch(/; Secure/i);

  // Log out again: the Core Server allows one session per user.
  const again = await request.get(`${httpsUrl}/api/auth/csrf`);
  const { csrfToken: outToken } = (await again.json()) as {
    csrfToken: string;
  };
  await request.post(`${httpsUrl}/api/auth/signout`, {
    form: { csrfToken: outToken, json: 'true' },
  });
});
