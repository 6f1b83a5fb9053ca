/**
 * One HTTP request to a server the test started on 127.0.0.1, answered
 * with its status, headers and body as text. No agent is kept, so each
 * request has a connection of its own and nothing stays open after it.
 */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface AskOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Fails the request after this long without an answer (default 20 s). */
  timeoutMs?: number;
}

export function askHttp(
  port: number,
  path: string,
  options: AskOptions = {},
): Promise<Answer> {
  const { method = 'GET', headers = {}, timeoutMs = 20_000 } = options;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
        // An answer cut off before its end rejects rather than waits.
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error('answer cut short'));
        });
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer in ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}
