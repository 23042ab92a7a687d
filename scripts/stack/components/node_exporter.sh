# shellcheck shell=bash
# node_exporter (Debian package prometheus-node-exporter); *.prom files dropped
# into <stack>/node_exporter/textfile are exported too.

: "${DAYTWO_NODE_EXPORTER_PORT:=9100}"
NE_DIR="$DAYTWO_STACK_DIR/node_exporter"

node_exporter_ports() { echo "$DAYTWO_NODE_EXPORTER_PORT"; }
node_exporter_marker() { echo "--collector.textfile.directory=$NE_DIR/textfile"; }
node_exporter_timeout() { echo 30; }
node_exporter_ready() { http_ok "http://$BIND_HOST:$DAYTWO_NODE_EXPORTER_PORT/metrics"; }

node_exporter_apt() { command -v prometheus-node-exporter >/dev/null || echo prometheus-node-exporter; }

node_exporter_install() {
  command -v prometheus-node-exporter >/dev/null && return 0
  say node_exporter "installing prometheus-node-exporter (apt)"
  apt_install prometheus-node-exporter
}

node_exporter_start() {
  mkdir -p "$NE_DIR/textfile"
  spawn node_exporter "$LOG_DIR/node_exporter.log" "$(command -v prometheus-node-exporter)" \
    --web.listen-address="$BIND_HOST:$DAYTWO_NODE_EXPORTER_PORT" \
    --collector.textfile.directory="$NE_DIR/textfile"
}
