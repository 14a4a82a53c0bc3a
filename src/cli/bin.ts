/** Process entry of the bundled CLI (dist/cli.js). */
import { main } from './index.js';
import { exitWhenWritten, watchStdout } from './stdout.js';

watchStdout();
main(process.argv.slice(2)).then(
  (code) => exitWhenWritten(code),
  (e: unknown) => {
    process.stderr.write(`parascope: ${e instanceof Error ? e.message : String(e)}\n`);
    exitWhenWritten(1);
  },
);
