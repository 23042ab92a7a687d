# shellcheck shell=bash
# Shared helpers for scripts/stack (sourced by stack.sh, never executed).
#
# Component contract: components/<name>.sh defines
#   <name>_ports    echo the TCP ports it binds (first one is the main port)
#   <name>_install  install/download what is missing (quick no-op otherwise)
#   <name>_start    write config, launch in the background, record pids/<name>.pid
#   <name>_ready    return 0 when the running service answers healthily
# and optionally
#   <name>_marker   string that /proc/<pid>/cmdline of our process contains
#   <name>_owns PID return 0 if PID is our process (default: cmdline has marker)
#   <name>_started  extra condition checked only while `up` waits (e.g. log line)
#   <name>_external return 0 to use an already-running foreign server instead
#   <name>_logs     echo the log files to show when it fails (default logs/<name>.log)
#   <name>_timeout  seconds to wait for readiness (default 60)
#   <name>_apt      echo the Debian packages it still needs (batched into one apt run)

STACK_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$STACK_LIB_DIR/../.." && pwd)"

: "${DAYTWO_STACK_DIR:=$REPO_ROOT/.stack}"
: "${DAYTWO_CACHE_DIR:=${HOME:-/root}/.cache/daytwo}"
: "${DAYTWO_STACK_STOP_TIMEOUT:=30}"
# absolute paths: they end up in configs and in the pid-ownership markers
DAYTWO_STACK_DIR=$(realpath -m "$DAYTWO_STACK_DIR")
DAYTWO_CACHE_DIR=$(realpath -m "$DAYTWO_CACHE_DIR")
PID_DIR="$DAYTWO_STACK_DIR/pids"
LOG_DIR="$DAYTWO_STACK_DIR/logs"
BIND_HOST=127.0.0.1

# ---------- output ----------
say() { printf '%-14s %s\n' "$1" "$2"; }
warn() { printf '%-14s %s\n' "$1" "$2" >&2; }
# print the last N lines of each given log file (to stderr)
show_logs() {
  local n=$1 f
  shift
  for f in "$@"; do
    if [[ -s $f ]]; then
      printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
      tail -n "$n" "$f" >&2
      printf -- '-----\n' >&2
    else
      printf -- '(log %s is missing or empty)\n' "$f" >&2
    fi
  done
}
has_fn() { declare -F "$1" >/dev/null; }
comp_logs() { if has_fn "$1_logs"; then "$1_logs"; else echo "$LOG_DIR/$1.log"; fi; }
show_comp_logs() {
  local -a files
  read -ra files <<<"$(comp_logs "$1")"
  show_logs 30 "${files[@]}"
}
comp_port() { local p; p=$("$1_ports"); echo "${p%% *}"; }

# ---------- pid files ----------
pid_file() { echo "$PID_DIR/$1.pid"; }
ext_file() { echo "$PID_DIR/$1.external"; }
# alive = exists and is not a zombie (init here may reap exited daemons late)
pid_alive() {
  local stat
  [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null || return 1
  IFS= read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
  stat=${stat##*) } # the state letter follows "(comm) "
  [[ ${stat:0:1} != Z ]]
}
cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null; }
# is PID (alive and) the process we started for component $1?
comp_owns() {
  local name=$1 pid=$2
  pid_alive "$pid" || return 1
  if has_fn "${name}_owns"; then "${name}_owns" "$pid"; return; fi
  [[ "$(cmdline_of "$pid")" == *"$("${name}_marker")"* ]]
}
# echo the recorded PID of component $1 if it is alive and ours
our_pid() {
  local f pid
  f=$(pid_file "$1")
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  comp_owns "$1" "$pid" || return 1
  echo "$pid"
}
rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

# spawn NAME LOGFILE CMD...: run CMD detached (own session, no stdin, output
# appended to LOGFILE) and write its exact PID to pids/NAME.pid.
spawn() {
  local name=$1 logfile=$2 pf i
  shift 2
  pf=$(pid_file "$name")
  rm -f "$pf"
  mkdir -p "$PID_DIR" "$(dirname "$logfile")"
  printf '\n===== %s starting %s =====\n' "$(date -Is)" "$name" >>"$logfile"
  # the inner bash writes its own PID, then exec()s the command in place
  # fd 9 (the stack lock) must not leak into the daemon, or the lock is held forever
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner bash
  setsid nohup bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pf" "$@" \
    >>"$logfile" 2>&1 </dev/null 9>&- &
  # wait until the wrapper has written the pid file and exec()ed the command
  for ((i = 0; i < 100; i++)); do
    if [[ -s $pf ]] && [[ "$(cmdline_of "$(<"$pf")")" != *'echo $$ >'* ]]; then
      return 0
    fi
    sleep 0.05
  done
  warn "$name" "ERROR: the process did not start (no pid file written)"
  return 1
}

# stop_comp NAME: TERM the recorded PID (only if it is ours), KILL after a timeout
stop_comp() {
  local name=$1 pf pid deadline
  pf=$(pid_file "$name")
  pid=$(cat "$pf" 2>/dev/null) || return 0
  if ! comp_owns "$name" "$pid"; then
    if pid_alive "$pid"; then
      warn "$name" "pid $pid is no longer our process (pid reused?) - not killing it"
    fi
    rm -f "$pf"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null
  deadline=$((SECONDS + DAYTWO_STACK_STOP_TIMEOUT))
  while ((SECONDS < deadline)) && pid_alive "$pid"; do sleep 0.2; done
  if pid_alive "$pid"; then
    warn "$name" "pid $pid ignored SIGTERM for ${DAYTWO_STACK_STOP_TIMEOUT}s - sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null
    sleep 0.5
  fi
  # remove the pid file only if it still names the process we stopped
  [[ "$(cat "$pf" 2>/dev/null)" == "$pid" ]] && rm -f "$pf"
  return 0
}

# ---------- network probes ----------
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$BIND_HOST/$1" 2>/dev/null; }
# describe the process listening on a port ("pid N (cmd)") if ss can tell
port_owner_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
}
port_owner() {
  local pid
  pid=$(port_owner_pid "$1")
  if [[ -n $pid ]]; then echo "pid $pid ($(cmdline_of "$pid" | cut -c1-80))"; else echo "an unknown process"; fi
}
http_ok() { curl -fsS -m 3 -o /dev/null "$1" 2>/dev/null; }

# ---------- installers ----------
APT_UPDATED=
# apt_install PKG...: quiet noninteractive install, output in logs/apt.log
apt_install() {
  local log="$LOG_DIR/apt.log"
  mkdir -p "$LOG_DIR"
  if [[ -z $APT_UPDATED ]]; then
    apt-get -o DPkg::Lock::Timeout=300 update >>"$log" 2>&1 ||
      { warn apt "ERROR: apt-get update failed"; show_logs 30 "$log"; return 1; }
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y \
    --no-install-recommends "$@" >>"$log" 2>&1 ||
    { warn apt "ERROR: apt-get install $* failed"; show_logs 30 "$log"; return 1; }
}
# apt_prefetch COMPONENT...: install all their missing Debian packages in one apt run
apt_prefetch() {
  local c pkgs=()
  for c in "$@"; do
    has_fn "${c}_apt" || continue
    our_pid "$c" >/dev/null && continue
    # shellcheck disable=SC2207
    pkgs+=($("${c}_apt"))
  done
  ((${#pkgs[@]})) || return 0
  say apt "installing ${pkgs[*]}"
  apt_install "${pkgs[@]}" || true # each component retries and reports on its own
}

# mvn_quiet LOGFILE ARGS...: run maven in batch mode, output to LOGFILE only
mvn_quiet() {
  local log=$1
  shift
  command -v mvn >/dev/null || { warn maven "ERROR: mvn is not installed"; return 1; }
  mkdir -p "$(dirname "$log")"
  mvn -B -ntp -Dstyle.color=never "$@" >"$log" 2>&1 ||
    { warn maven "ERROR: mvn $* failed"; show_logs 30 "$log"; return 1; }
}
# shellcheck disable=SC2034 # used by the component files
MVN_DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

java_home() {
  if [[ -n ${DAYTWO_JAVA_HOME:-} ]]; then echo "$DAYTWO_JAVA_HOME"; return; fi
  local j
  j=$(readlink -f "$(command -v java)") || return 1
  dirname "$(dirname "$j")"
}
