# Sourced by npm start / npm test: installs the npm packages when they are missing or older than the lock file.
# npm puts node_modules/.bin first on PATH for scripts, so after this `node` is the project's Node 24.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  npm ci --no-audit --no-fund
fi
hash -r
