import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './errors.js';
import { quoteText } from './show-text.js';

/**
 * The data directory: `ATRIUM_DATA` (resolved against the folder the user
 * ran the command from) when set, else `data/` at the repository root. An
 * empty ATRIUM_DATA counts as not set; one of only spaces is refused, since
 * it most likely lost the path it was meant to hold.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.ATRIUM_DATA ?? '';
  if (raw !== '' && raw.trim() === '') {
    throw new ConfigError(
      'CFG_ENV_INVALID',
      `ATRIUM_DATA: expected the path of the data folder, found only whitespace (${quoteText(raw)})`,
      { file: '', key: 'ATRIUM_DATA' },
    );
  }
  const named = raw.trim();
  if (named) return resolveUserPath(named, env);

  return join(findRepositoryRoot(), 'data');
}

/**
 * Resolves a path a user typed against the folder they typed it in: npm
 * sets INIT_CWD to that folder, while the process itself runs in the
 * package's folder.
 */
export function resolveUserPath(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}

/**
 * The repository root: the nearest folder above `from` (this module's own
 * folder by default, in src/ or dist/ alike) whose package.json declares
 * npm workspaces.
 */
export function findRepositoryRoot(
  from: string = dirname(fileURLToPath(import.meta.url)),
): string {
  let folder = resolve(from);
  for (;;) {
    if (declaresWorkspaces(join(folder, 'package.json'))) return folder;

    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }

  throw new ConfigError(
    'CFG_DATA_DIR_UNKNOWN',
    `ATRIUM_DATA: expected it set, or a repository root above ${from}, found neither`,
    { file: from },
  );
}

function declaresWorkspaces(packageJson: string): boolean {
  if (!existsSync(packageJson)) return false;
  try {
    const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as {
      workspaces?: unknown;
    };
    return parsed.workspaces !== undefined;
  } catch {
    return false;
  }
}
