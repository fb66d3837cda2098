#!/usr/bin/env bash
# The fault suite on the local stack (docs/reliability.md): each case writes POS traffic with the
# simulator while a fault happens, waits for the pipeline, then compares source rows, stored
# changes and business events by id, and fails on any loss or duplicate. Needs `./overlay up`.
#
#   deploy/faults/run.sh              every case
#   deploy/faults/run.sh --ci         the CI subset (FAULT_CI_CASES)
#   deploy/faults/run.sh CASE…        these cases (deploy/faults/run.sh --list)
#
# Results: one line per case in $OVERLAY_HOME/faults/results.tsv, and docs/reliability.md's
# table of the last run (FAULT_WRITE_DOC=false leaves the document alone).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"
# shellcheck source=deploy/faults/cases.sh
source "$ROOT/deploy/faults/cases.sh"
# shellcheck source=deploy/faults/cases-more.sh
source "$ROOT/deploy/faults/cases-more.sh"
# shellcheck source=deploy/faults/cases-ddl-llm.sh
source "$ROOT/deploy/faults/cases-ddl-llm.sh"

ALL_CASES=(debezium-kill9 normalizer-kill9 inference-kill9 ai-service-kill9 kafka-restart postgres-cut sigterm-all hostile-values
  ddl-while-writing ollama-slow bulk-transaction debezium-snapshot-kill binlog-purged)
FAULT_CI_CASES=${FAULT_CI_CASES:-"normalizer-kill9 ddl-while-writing"}
FAULT_TRAFFIC_SECONDS=${FAULT_TRAFFIC_SECONDS:-40}
FAULT_TPS=${FAULT_TPS:-20}
FAULT_SETTLE_SECONDS=${FAULT_SETTLE_SECONDS:-300}
FAULT_WRITE_DOC=${FAULT_WRITE_DOC:-true}
OUT=$OVERLAY_HOME/faults
RESULTS=$OUT/results.tsv

case "${1:-}" in
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  --list) printf '%s\n' "${ALL_CASES[@]}"; exit 0 ;;
  --ci) read -r -a cases <<<"$FAULT_CI_CASES" ;;
  "") cases=("${ALL_CASES[@]}") ;;
  *) cases=("$@") ;;
esac
for c in "${cases[@]}"; do
  [[ " ${ALL_CASES[*]} " == *" $c "* ]] || { echo "faults: unknown case '$c' (deploy/faults/run.sh --list)" >&2; exit 2; }
done

mkdir -p "$OUT"
touch "$RESULTS"
# The table keeps every case's latest result: this run's cases replace their earlier lines.
for c in "${cases[@]}"; do sed -i "/^$c\t/d" "$RESULTS"; done
"$ROOT/overlay" status >/dev/null
for p in mariadb kafka debezium normalizer-service inference-service ai-service; do
  is_running "$p" || { echo "faults: $p is not running; start the stack first: ./overlay up" >&2; exit 2; }
done

failed=0
for c in "${cases[@]}"; do
  say "fault case $c"
  if ! "case_${c//-/_}"; then failed=$((failed + 1)); fi
done
[ "$FAULT_WRITE_DOC" = true ] && write_report "$ROOT/docs/reliability.md"
say "fault cases: ${#cases[@]} run, $failed failed (results in $RESULTS)"
[ "$failed" -eq 0 ]
