import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';

const MAX_BYTES = 64 * 1024;

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BYTES) throw new UsageError(`the secret value on stdin is larger than ${MAX_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A secret value from stdin (never from argv, where `ps` and shell history would see it): piped, or
 * typed at a hidden prompt on a terminal. One trailing newline (from `echo`) is dropped.
 */
export async function readSecretValue(
  name: string,
  stdin: (Readable & { isTTY?: boolean }) | undefined,
  out: Output,
  noPrompt: boolean,
): Promise<string> {
  let value: string;
  if (stdin && !stdin.isTTY) {
    value = (await readAll(stdin)).replace(/\r?\n$/, '');
  } else if (out.interactive && !noPrompt) {
    const { password, isCancel } = await import('@clack/prompts');
    const answer = await password({ message: `Value of ${name}` });
    if (isCancel(answer)) throw new UsageError('cancelled: no value entered');
    value = answer;
  } else {
    throw new UsageError(
      `pipe the value of ${name} on stdin, e.g. \`printf %s "$VALUE" | clodo secrets set ${name}\``,
    );
  }
  if (value.length === 0) throw new UsageError(`the value of ${name} is empty`);
  return value;
}
