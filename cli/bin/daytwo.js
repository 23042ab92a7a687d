#!/usr/bin/env node
// The `daytwo` command. A committed file rather than dist/main.js itself, so that `npm install` links it even before
// the first build (npm links only bin files that exist) and so that it is executable whatever tsc writes.
'use strict';
const path = require('node:path');
const main = path.join(__dirname, '..', 'dist', 'main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write('daytwo: the CLI is not built yet: run `npm run build` (tsc -b) first\n');
  process.exit(1);
}
require(main)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`daytwo: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
