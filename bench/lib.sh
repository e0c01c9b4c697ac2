# Shared by the bench scripts (source it): the Markdown report under target/bench/, medians, CPU time.
# Every report starts with the machine and the build it measured, since figures mean nothing without them.

BENCH_CMD="$0 $*"  # sourced without arguments, so these are the script's own

# report_start NAME "Title": opens target/bench/NAME.md (REPORT) with the machine, build and load.
report_start() {
  mkdir -p target/bench
  REPORT="target/bench/$1.md"
  {
    echo "## $2"
    echo
    echo "- when: $(date -u '+%Y-%m-%d %H:%M UTC'); build: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
    echo "- machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -1)"
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (the load generator runs on the same cores)"
    echo "- command: \`$BENCH_CMD\`"
    echo
  } > "$REPORT"
}

# md LINE...: appends to the report and echoes to the terminal.
md() { printf '%s\n' "$*" | tee -a "$REPORT"; }

# median N...: the median of the numbers given (the lower middle for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else if (NR) print (a[NR/2] + a[NR/2+1]) / 2}'; }

# cpu_secs PID: user + system CPU seconds the process has used so far.
cpu_secs() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# jit_secs PID: of those, what the JVM's JIT compiler threads (C1, C2) have used so far. A JVM keeps
# compiling (and recompiling after deoptimizations) for a minute or more under a new load; its share of a
# window says whether the warm-up was long enough to measure the program rather than its compilation.
jit_secs() {
  local hz t sum=0 v; hz=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == C[12]\ Compiler* ]] || continue
    # Fields after the ")" that closes the thread's name (which has spaces): utime, stime are 12th, 13th.
    v=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}') || continue
    sum=$(( sum + ${v:-0} ))
  done
  awk -v n=$sum -v hz="$hz" 'BEGIN {printf "%.2f", n / hz}'
}

# wait_http URL [SECONDS]: until URL answers 2xx; fails after SECONDS (default 120).
wait_http() {
  local deadline=$(( $(date +%s) + ${2:-120} ))
  until curl -sf -m 5 -o /dev/null "$1"; do  # -m: each try bounded, whatever the node does
    (( $(date +%s) < deadline )) || { echo "no answer from $1" >&2; return 1; }
    sleep 0.1
  done
}

# stop_pid PID: SIGTERM, then SIGKILL after 20 s.
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 200); do kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }; sleep 0.1; done
  kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null || true
}

# field FILE REGEX: the first capture group (digits, commas and dots kept, commas dropped) in FILE.
field() { sed -nE "s#.*$2.*#\1#p" "$1" | tail -1 | tr -d ,; }

# weft_jar: builds target/weft.jar unless it is there.
weft_jar() { [[ -f target/weft.jar ]] || mvn -B -q package -DskipTests; }

# require_free_ports PORT...: exits when something already listens on one (a leftover server would be measured).
require_free_ports() {
  local p
  for p in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "port $p is in use on 127.0.0.1: stop what listens there first" >&2; exit 1
    fi
  done
}

# Starts one local Cassandra node (scripts/cassandra-local.sh ARGS..., which must include --port CQL_PORT),
# adds it to the caller's pids array, sets $cassandra to its pid, and waits until CQL_PORT answers;
# exits if the node dies first. Usage: start_cassandra CQL_PORT LOG [cassandra-local.sh args...]
start_cassandra() {
  local port=$1 log=$2; shift 2
  scripts/cassandra-local.sh "$@" > "$log" 2>&1 &
  cassandra=$!; pids+=($cassandra)
  until (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null; do
    kill -0 $cassandra 2>/dev/null || { echo "Cassandra exited, see $log" >&2; exit 1; }
    sleep 0.5
  done
}
