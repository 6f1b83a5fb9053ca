import type { Page } from '@playwright/test';
import {
  expect,
  findSunnybrook,
  logIn,
  logOut,
  openFirstStudy,
  overlayField,
  test,
} from './support/journey.js';
import { USERS } from './support/product.js';

// The development certificate is signed by a CA the browser does not know.
test.use({ ignoreHTTPSErrors: true });

test('a clinician logs in over HTTPS and reviews a study there', async ({
  page,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  // The viewer (WebGL, wasm decoders, blob workers) works under the CSP,
  // whose scripts run by nonce alone.
  const violations = await collectViolations(page);
  const policies: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document') return;
    const policy = response.headers()['content-security-policy'];
    if (policy) policies.push(policy);
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

  // The viewer loaded as a page of its own (a bookmark, a reload) rather
  // than reached through the app: its chunks and Cornerstone's decoders
  // start from the page's nonced scripts alone.
  await page.reload();
  await expect(
    page.getByTestId('viewport').locator('canvas').first(),
  ).toBeVisible();
  await expect(overlayField(page, 'window')).toHaveText(/W\/L \d/);

  await logOut(page);
  expect(violations).toEqual([]);

  // Each page load had a nonce of its own.
  const nonces = policies.map(readScriptNonce);
  expect(nonces.length).toBeGreaterThanOrEqual(2);
  expect(new Set(nonces).size).toBe(nonces.length);
});

test('an inline script written into a page without the nonce, as an injection would be, is refused', async ({
  page,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  const violations = await collectViolations(page);
  // The service's own answer with its own policy, plus one script an
  // attacker got into the markup: the browser parses it like any other.
  await page.route(`${httpsUrl}/login`, async (route) => {
    const answer = await route.fetch();
    const html = (await answer.text()).replace(
      '</body>',
      '<script>document.body.dataset.injected = "ran";</script></body>',
    );
    await route.fulfill({ response: answer, body: html });
  });

  await page.goto(`${httpsUrl}/login`);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();

  await expect.poll(() => violations.join('\n')).toContain('script-src');
  expect(
    await page.evaluate(() => document.body.dataset.injected ?? 'refused'),
  ).toBe('refused');
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

test('every page load gets a script nonce of its own, and Next writes it on each of its scripts', async ({
  request,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  const nonces: string[] = [];
  // The login page twice, and the not-found page, which would be
  // prerendered (its scripts carrying no nonce) unless every page is
  // rendered per request.
  for (const path of ['/login', '/login', '/no-such-page']) {
    const answer = await request.get(`${httpsUrl}${path}`);
    expect(answer.status()).toBe(path === '/login' ? 200 : 404);
    const policy = answer.headers()['content-security-policy'] ?? '';
    const nonce = readScriptNonce(policy);
    nonces.push(nonce);

    const html = await answer.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script).toContain(`nonce="${nonce}"`);
    }
  }
  expect(new Set(nonces).size).toBe(nonces.length);
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

/**
 * Collects what the page's CSP refuses, as Chromium reports it: on the
 * console and as securitypolicyviolation events.
 */
async function collectViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  await page.exposeFunction('reportViolation', (text: string) =>
    violations.push(text),
  );
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as Record<string, unknown>)
        .reportViolation as (text: string) => void;
      report(`${event.effectiveDirective} refused ${event.blockedURI}`);
    });
  });
  return violations;
}

/**
 * The nonce of a page's policy, after checking that its scripts run by
 * nonce alone: no 'unsafe-inline', and 'strict-dynamic' for what they load.
 */
function readScriptNonce(policy: string): string {
  const scripts =
    policy
      .split(';')
      .map((directive) => directive.trim())
      .find((directive) => directive.startsWith('script-src ')) ?? '';
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).toContain("'strict-dynamic'");
  const nonce = /'nonce-([A-Za-z0-9+/]{22}==)'/.exec(scripts)?.[1];
  expect(nonce, `script-src of ${policy}`).toBeDefined();
  return nonce!;
}
