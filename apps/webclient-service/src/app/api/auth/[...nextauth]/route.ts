import NextAuth from 'next-auth';
import { getAuthOptions } from '../../../../lib/server/auth';

type Context = { params: Promise<{ nextauth: string[] }> };

// The options need the secret from the data directory, so the handler is
// made per request rather than when the module loads (which also happens
// during `next build`, where no data directory exists).
async function handle(request: Request, context: Context): Promise<Response> {
  const handler = NextAuth(await getAuthOptions());
  return handler(request, context) as Promise<Response>;
}

export { handle as GET, handle as POST };
