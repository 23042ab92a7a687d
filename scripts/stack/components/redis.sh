# shellcheck shell=bash
# Redis: reuse a server that already answers PING on the port (external, never
# stopped); otherwise run our own redis-server (Debian package) without persistence.

: "${DAYTWO_REDIS_PORT:=6379}"
REDIS_DIR="$DAYTWO_STACK_DIR/redis"

redis_ports() { echo "$DAYTWO_REDIS_PORT"; }
redis_timeout() { echo 15; }

# PING over bash /dev/tcp: no redis-cli needed
redis_ready() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r -t 2 line <&3 && [[ $line == "+PONG"* ]]' "$BIND_HOST" "$DAYTWO_REDIS_PORT" 2>/dev/null
}

redis_external() { redis_ready; }

# redis rewrites its process title (the --dir argument is not visible), so
# identify our server by its working directory, which redis-server chdir()s to
redis_owns() {
  [[ "$(cmdline_of "$1")" == *redis-server* ]] &&
    [[ "$(readlink -f "/proc/$1/cwd" 2>/dev/null)" == "$(readlink -f "$REDIS_DIR")" ]]
}

redis_apt() { command -v redis-server >/dev/null || redis_ready || echo redis-server; }

redis_install() {
  command -v redis-server >/dev/null && return 0
  say redis "installing redis-server (apt)"
  apt_install redis-server
}

redis_start() {
  mkdir -p "$REDIS_DIR"
  spawn redis "$LOG_DIR/redis.log" "$(command -v redis-server)" \
    --daemonize no --bind "$BIND_HOST" --port "$DAYTWO_REDIS_PORT" \
    --save "" --appendonly no --dir "$REDIS_DIR"
}
