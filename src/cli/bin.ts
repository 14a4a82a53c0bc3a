/** Process entry of the bundled CLI (dist/cli.js). */
import { main } from './index.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`parascope: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
