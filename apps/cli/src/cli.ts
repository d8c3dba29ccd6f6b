/** Process entry point of the `sohoa` command (loaded by bin/sohoa.mjs). Tests use `runCli`. */
import { runCli } from './run-cli.ts';

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
