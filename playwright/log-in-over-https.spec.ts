import {
  expect,
  findSunnybrook,
  logIn,
  logOut,
  openFirstStudy,
  test,
} from './support/journey.js';

// The development certificate is signed by a CA the browser does not know.
test.use({ ignoreHTTPSErrors: true });

test('a clinician logs in over HTTPS and reviews a study there', async ({
  page,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
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
});
