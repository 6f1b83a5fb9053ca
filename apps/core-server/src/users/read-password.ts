/** Where the users command reads a password from, besides its environment. */
export interface PasswordInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  once(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Where prompts go (the console, never a log). */
export interface PromptOutput {
  write(text: string): unknown;
}

/** Why no password could be read. */
export class PasswordInputError extends Error {}

/**
 * Reads a new password for the users command: from ATRIUM_USER_PASSWORD
 * when set, else typed at a terminal without echo (twice, to confirm), else
 * the first line of standard input. Never from the command line, where it
 * would stay in the shell history and the process list.
 */
export async function readNewPassword(
  env: NodeJS.ProcessEnv,
  input: PasswordInput,
  prompt: PromptOutput,
): Promise<string> {
  const fromEnv = env.ATRIUM_USER_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;

  if (!input.isTTY) return readFirstLine(input);

  const [first, second] = await readHiddenLines(input, prompt, [
    'New password: ',
    'Repeat the password: ',
  ]);
  if (first !== second) {
    throw new PasswordInputError('The two passwords differ; nothing changed');
  }
  return first!;
}

function readFirstLine(input: PasswordInput): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end === -1) return;
      input.off('data', onData);
      input.pause();
      resolve(text.slice(0, end).replace(/\r$/, ''));
    };
    input.on('data', onData);
    input.once('end', () => {
      input.off('data', onData);
      if (text.length > 0) resolve(text.replace(/\r?\n?$/, ''));
      else
        reject(
          new PasswordInputError(
            'No password given: set ATRIUM_USER_PASSWORD or type it on standard input',
          ),
        );
    });
    input.resume();
  });
}

/**
 * Reads one line per question from a terminal in raw mode, so nothing typed
 * is echoed. Keys typed ahead of a question (or pasted) are kept for it.
 */
function readHiddenLines(
  input: PasswordInput,
  prompt: PromptOutput,
  questions: readonly string[],
): Promise<string[]> {
  const answers: string[] = [];
  let typed = '';
  // Echo goes off before the question appears, so keys typed the moment it
  // shows are never echoed by the terminal.
  input.setRawMode?.(true);
  prompt.write(questions[0] ?? '');

  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      if (error) reject(error);
      else resolve(answers);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\u0003' || char === '\u0004') {
          prompt.write('\n');
          return finish(new PasswordInputError('Cancelled; nothing changed'));
        }
        if (char === '\r' || char === '\n') {
          prompt.write('\n');
          answers.push(typed);
          typed = '';
          if (answers.length === questions.length) return finish();
          prompt.write(questions[answers.length] ?? '');
        } else if (char === '\u007f' || char === '\b') {
          typed = typed.slice(0, -1);
        } else {
          typed += char;
        }
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
