#!/usr/bin/env bash
# `npm start`: installs what is missing, brings up the local stack, builds, and runs the demo (demo/main.ts): the five
# services on a simulated cluster, an incident after a minute, the alert it raises. `npm start -- --help` lists the
# demo's options. `npm start -- --services-only` runs just the five services on their default configs (config/*.yaml).
# Ctrl-C stops what this started; the local stack stays up (`npm run stack:down` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-installed.sh

bash scripts/stack/stack.sh up
echo "== building"
# A type error elsewhere in the repo (a test, a bench) must not keep the demo from starting: tsc still emits the
# projects that are fine, and a missing output is reported below.
npx tsc -b || echo "== tsc -b reported the errors above; going on with what was built"
for svc in collector-logs collector-metrics processor sink alerter; do
  [ -f "services/$svc/dist/main.js" ] || { echo "services/$svc did not build" >&2; exit 1; }
done

if [ "${1:-}" != "--services-only" ]; then
  [ -f .build/demo/main.js ] || { echo "the demo did not build" >&2; exit 1; }
  exec node .build/demo/main.js "$@"
fi

run_dir=.stack/services
mkdir -p "$run_dir"
declare -A port=([collector-logs]=9464 [collector-metrics]=9465 [processor]=9466 [sink]=9467 [alerter]=9468)
pids=()
stop_services() {
  trap - INT TERM EXIT
  echo "== stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_services INT TERM EXIT

for svc in collector-logs collector-metrics processor sink alerter; do
  DAYTWO__TELEMETRY__METRICS__PORT=${port[$svc]} DAYTWO__TELEMETRY__METRICS__HOST=127.0.0.1 \
    node "services/$svc/dist/main.js" --config "config/$svc.yaml" >"$run_dir/$svc.log" 2>&1 &
  pids+=($!)
  echo "   $svc pid $! log $run_dir/$svc.log metrics http://127.0.0.1:${port[$svc]}/metrics"
done

for svc in "${!port[@]}"; do
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:${port[$svc]}/readyz" >/dev/null 2>&1 && break
    sleep 1
  done
  if curl -fs "http://127.0.0.1:${port[$svc]}/readyz" >/dev/null 2>&1; then echo "   $svc ready"
  else echo "   $svc not ready yet: $(curl -s "http://127.0.0.1:${port[$svc]}/readyz" || echo no answer)"; fi
done
cat <<TXT
== daytwo is running (Ctrl-C stops the services)
   Elasticsearch: curl 'http://127.0.0.1:9200/daytwo-logs/_search?q=*&size=5'
   Prometheus:    http://127.0.0.1:9090/graph
   Alertmanager:  http://127.0.0.1:9093/#/alerts
TXT
wait
