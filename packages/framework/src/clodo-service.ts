#!/usr/bin/env node
import { runOldCommand } from './compat/commands/old-commands.js';

process.exitCode = await runOldCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
