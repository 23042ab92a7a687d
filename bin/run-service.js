#!/usr/bin/env node
// Entry point of the container image: `run-service.js <service> [args...]` starts one daytwo service.
'use strict';
const path = require('node:path');

const SERVICES = ['collector-logs', 'collector-metrics', 'processor', 'sink', 'alerter'];
const [service, ...rest] = process.argv.slice(2);
if (!service || !SERVICES.includes(service)) {
  console.error(`usage: run-service.js <${SERVICES.join('|')}> [--config file]`);
  process.exit(service === '--help' ? 0 : 2);
}
// Run the service's main.js as the process's main module, so its `require.main === module` check holds.
const main = path.join(__dirname, '..', 'services', service, 'dist', 'main.js');
process.argv = [process.argv[0], main, ...rest];
require('node:module').runMain(main);
