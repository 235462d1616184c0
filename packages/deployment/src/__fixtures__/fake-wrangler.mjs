// A stand-in with wrangler's process contract (argv, env, ND-JSON output file, exit code), for
// runner fault-injection tests: exit codes, hangs, rate limiting, stdin handling.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
// FAKE_WRANGLER_MODE lets a test drive real wrangler arguments (deploy ...) into a chosen behaviour.
const [mode, arg] = process.env.FAKE_WRANGLER_MODE
  ? [process.env.FAKE_WRANGLER_MODE, process.env.FAKE_WRANGLER_ARG]
  : argv;
const output = (entry) =>
  appendFileSync(
    process.env.WRANGLER_OUTPUT_FILE_PATH,
    `${JSON.stringify({ ...entry, timestamp: new Date().toISOString() })}\n`,
  );
const stdin = () => {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
};

switch (mode) {
  case 'env': {
    const env = { ...process.env };
    process.stdout.write(JSON.stringify({ env, argv: process.argv.slice(2), execArgv: process.execArgv }));
    break;
  }
  case 'ok':
    output({
      type: 'deploy',
      version: 1,
      worker_name: 'api',
      version_id: 'v-1',
      targets: ['https://api.example.workers.dev'],
    });
    process.stdout.write('Uploaded api\n');
    break;
  case 'echo-stdin':
    process.stdout.write(`received: ${stdin()}\n`);
    break;
  case 'fail':
    output({
      type: 'command-failed',
      version: 1,
      code: 10021,
      message: 'binding DB of type d1 must have a valid `id` specified',
    });
    process.stderr.write(
      '\n✘ [ERROR] binding DB of type d1 must have a valid `id` specified [code: 10021]\n\n',
    );
    process.exit(1);
    break;
  case 'api-error':
    output({
      type: 'command-failed',
      version: 1,
      code: 10007,
      message: 'A request to the Cloudflare API (/accounts/x/workers/scripts/api/secrets-bulk) failed.',
    });
    process.stderr.write(
      '\u001b[31m✘ \u001b[41;31m[\u001b[41;97mERROR\u001b[41;31m]\u001b[0m \u001b[1mA request to the Cloudflare API (/accounts/x/workers/scripts/api/secrets-bulk) failed.\u001b[0m\n\n' +
        '  This Worker does not exist on your account. [code: 10007]\n  \n' +
        '  If you think this is a bug, please open an issue at: https://github.com/cloudflare/workers-sdk/issues/new/choose\n\n\n' +
        '🪵  Logs were written to "/tmp/x.log"\n',
    );
    process.exit(1);
    break;
  case 'plain-error':
    process.stderr.write('\n✘ [ERROR] Missing entry-point to Worker script\n\n  more text\n');
    process.exit(1);
    break;
  case 'rate-then-ok': {
    const count = existsSync(arg) ? Number(readFileSync(arg, 'utf8')) : 0;
    writeFileSync(arg, String(count + 1));
    if (count === 0) {
      output({
        type: 'command-failed',
        version: 1,
        code: 971,
        message: 'Please wait and consider throttling your request speed [code: 971]',
        retry_after_ms: 50,
      });
      process.stderr.write('✘ [ERROR] A request to the Cloudflare API failed.\n');
      process.exit(1);
    }
    output({ type: 'deploy', version: 1, worker_name: 'api', version_id: 'v-2' });
    break;
  }
  case 'always-rate-limited':
    output({ type: 'command-failed', version: 1, code: 10013, message: 'Too many requests [code: 10013]' });
    process.exit(1);
    break;
  case 'hang': {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    writeFileSync(arg, String(child.pid));
    setInterval(() => {}, 1000);
    process.on('SIGTERM', () => {});
    break;
  }
  default:
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exit(2);
}
