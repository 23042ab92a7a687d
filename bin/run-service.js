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
process.argv = [process.argv[0], service, ...rest];
require(path.join(__dirname, '..', 'services', service, 'dist', 'main.js'));
