#!/usr/bin/env node
/**
 * The Core Server's command line: `serve` (the default) runs the server,
 * `import` adds DICOM files to the image database, `users` administers
 * local accounts. Each command lives in its own module.
 */
import { runImportCommand } from './import/import-command.js';
import { runServeCommand } from './server/serve-command.js';
import { runUsersCommand } from './users/users-command.js';

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: runServeCommand,
  import: runImportCommand,
  users: runUsersCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name = 'serve', ...rest] = argv;
  const command = commands[name];
  if (!command) {
    process.stderr.write(
      `atrium-core: unknown command "${name}" (expected serve, import or users)\n`,
    );
    return 2;
  }
  return command(rest);
}

process.exitCode = await main(process.argv.slice(2));
