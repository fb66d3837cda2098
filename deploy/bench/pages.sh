#!/usr/bin/env bash
# Dashboard page timings (issue 14: every page ≤ 300 ms server time with 90 days loaded): signs in
# with a token, then requests each page REPEAT times one after the other (no concurrency, so the
# time is the page's own) and prints p50, p95 and max per page, and the HTTP statuses seen.
#
#   deploy/bench/pages.sh BASE_URL TOKEN_FILE DATABASE [REPEAT]
#
# The pages' subjects (an anomaly, a transaction, a sale, a product@branch, a user, a search word)
# are drawn from DATABASE, read with psql as AUDIT_DB_USER on AUDIT_DB_HOST:AUDIT_DB_PORT.
# Used by scale.sh (step 5); runs on its own against any stack.
set -euo pipefail
BASE=${1:?base URL, e.g. http://127.0.0.1:8085}
TOKEN_FILE=${2:?a file holding an auditor token}
DB=${3:?the audit database}
REPEAT=${4:-20}
PG="psql -h ${AUDIT_DB_HOST:-127.0.0.1} -p ${AUDIT_DB_PORT:-5432} -U ${AUDIT_DB_USER:-postgres} -d $DB -qAt"
jar=$(mktemp); times=$(mktemp)
trap 'rm -f "$jar" "$times"' EXIT
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -H "Origin: $BASE" \
  --data-urlencode "token=$(cat "$TOKEN_FILE")" --data-urlencode "next=/ui/overview" "$BASE/ui/sign-in")
[ "$status" = 303 ] || { echo "sign-in answered $status, not 303" >&2; exit 1; }

anomaly=$($PG -c "SELECT id FROM insights.anomaly ORDER BY detected_at DESC LIMIT 1")
read -r tx sale <<<"$($PG -F' ' -c "SELECT transaction_id, subject_id FROM business.business_event
  WHERE type = 'sale.completed' ORDER BY occurred_at DESC LIMIT 1 OFFSET 5000")"
read -r product branch <<<"$($PG -F' ' -c "SELECT subject_id, branch_id FROM business.business_event
  WHERE type = 'inventory.adjusted' AND subject_type = 'product' ORDER BY occurred_at DESC LIMIT 1")"
user=$($PG -c "SELECT actor_user_id FROM business.business_event WHERE actor_user_id IS NOT NULL ORDER BY occurred_at DESC LIMIT 1")
day=$(date -u -d yesterday +%F)
pages=(
  "overview|/ui/overview"
  "anomalies|/ui/anomalies"
  "anomalies, one branch, open|/ui/anomalies?branch=${branch:-1}&status=OPEN"
  "anomaly detail|/ui/anomalies/${anomaly:-none}"
  "trace: transaction|/ui/trace?transaction=$(enc "${tx:-none}")"
  "trace: sale|/ui/trace?sale=${sale:-0}"
  "trace: product@branch|/ui/trace?product=${product:-0}&branch=${branch:-1}"
  "trace: user|/ui/trace?user=${user:-0}"
  "summaries|/ui/summaries?date=$day"
  "events|/ui/events"
  "events, search|/ui/events?q=damage"
  "events, type and branch|/ui/events?type=sale.voided&branch=${branch:-1}"
  "export|/ui/export"
  "access log|/ui/access-log"
)
printf '%-30s %8s %8s %8s  %s\n' page p50_ms p95_ms max_ms statuses
for entry in "${pages[@]}"; do
  name=${entry%%|*}; path=${entry#*|}
  : > "$times"
  for _ in $(seq "$REPEAT"); do
    curl -s -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$BASE$path" >> "$times"
  done
  python3 - "$name" "$times" <<'EOF'
import sys
name, path = sys.argv[1], sys.argv[2]
rows = [line.split() for line in open(path) if line.strip()]
ms = sorted(float(t) * 1000 for _, t in rows)
codes = sorted({c for c, _ in rows})
pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
print(f"{name:<30} {pick(0.5):8.1f} {pick(0.95):8.1f} {ms[-1]:8.1f}  {','.join(codes)}")
EOF
done
