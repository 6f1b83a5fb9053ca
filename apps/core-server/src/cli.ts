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

const USAGE = `Usage: atrium-core <command> [options]

Commands:
  serve    run the Core Server (the default)
  import   add DICOM files and folders to the image database
  users    add, list and administer local user accounts

Run a command with --help for its options. The data directory is
ATRIUM_DATA, else data/ at the repository root.
`;

async function main(argv: string[]): Promise<number> {
  const [name = 'serve', ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
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
