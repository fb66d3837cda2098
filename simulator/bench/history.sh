#!/usr/bin/env bash
# Benchmark of `simulate history`: runs init (if needed) and N days of history against the source
# database, then prints the simulator's own figures next to the server's row counters (Handler_write, Handler_update), so
# that the number of source row changes is checked by the database, not only claimed by the tool.
#
#   simulator/bench/history.sh [DAYS] [SALES_PER_DAY] [extra history options...]
#
# Connection: SOURCE_DB_URL / SOURCE_DB_USER / SOURCE_DB_PASSWORD (defaults: the local stack).
# Use a database nobody else writes to while it runs: the counters are server-wide.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/target/simulator.jar"
[ -f "$jar" ] || { echo "build first: mvn -pl simulator -am package -DskipTests" >&2; exit 2; }
days="${1:-90}"; per_day="${2:-10000}"; shift $(( $# > 2 ? 2 : $# ))
url="${SOURCE_DB_URL:-jdbc:mariadb://127.0.0.1:3307/pharmacy}"
user="${SOURCE_DB_USER:-pos}"; password="${SOURCE_DB_PASSWORD:-pos}"
hostport="${url#jdbc:*://}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=3306

counters() {
  mariadb --no-defaults -h"$host" -P"$port" -u"$user" -p"$password" -N -B \
    -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_write','Handler_update','Com_commit')" \
    | awk '{printf "%s=%s ", $1, $2}'
}

java -jar "$jar" init --url "$url" --user "$user" --password="$password" >/dev/null
before="$(counters)"
start=$(date +%s.%N)
java -jar "$jar" history --url "$url" --user "$user" --password="$password" \
  --days "$days" --sales-per-day "$per_day" --no-progress "$@"
end=$(date +%s.%N)
after="$(counters)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
echo "server before: $before"
echo "server after:  $after"
python3 - "$before" "$after" "$start" "$end" <<'PY'
import sys
def parse(s): return {k: int(v) for k, v in (p.split('=') for p in s.split())}
b, a = parse(sys.argv[1]), parse(sys.argv[2])
secs = float(sys.argv[4]) - float(sys.argv[3])
ins = a['Handler_write'] - b['Handler_write']
upd = a['Handler_update'] - b['Handler_update']
print(f"server: {ins} rows inserted + {upd} rows updated = {ins + upd} row changes, "
      f"{a['Com_commit'] - b['Com_commit']} commits, {secs:.1f} s wall, {(ins + upd) / secs:.0f} row changes/s")
PY
