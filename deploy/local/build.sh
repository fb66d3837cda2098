# shellcheck shell=bash
# Build-if-stale, sourced by lib.sh: one helper for the services, the ingest-smt transform, the
# simulator and auditctl. A module's artifact is rebuilt when it is missing or when any file of
# the module's sources (src/, pom.xml), of the in-repo modules it depends on, or the root pom.xml
# is newer than the artifact — so after a `git pull` the next `up` runs what was pulled.
# Needs ROOT, LOGS, say and fail (lib.sh).

# The file a module's build produces (the one ./overlay runs or links).
module_artifact() {
  case $1 in
    simulator) echo "$ROOT/simulator/target/simulator.jar" ;;
    auditctl) echo "$ROOT/auditctl/target/auditctl-all.jar" ;;
    ingest-smt | audit-model) echo "$ROOT/$1/target/$1-$(project_version).jar" ;;
    *) echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar" ;;
  esac
}

# The project version from the root pom (the first <version> after the parent-less header).
project_version() {
  sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1
}

# In-repo modules a module depends on, transitively (every scope: a test dependency such as
# query-api → auditctl is built by `mvn -am` too).
module_deps() {
  local seen=" $1 " queue=("$1") m dep
  while [ ${#queue[@]} -gt 0 ]; do
    m=${queue[0]}; queue=("${queue[@]:1}")
    [ -f "$ROOT/$m/pom.xml" ] || continue
    while read -r dep; do
      if [ -z "$dep" ] || [ ! -f "$ROOT/$dep/pom.xml" ]; then continue; fi
      case $seen in *" $dep "*) continue ;; esac
      seen="$seen$dep "; queue+=("$dep"); echo "$dep"
    done < <(sed -n 's:.*<artifactId>\([A-Za-z0-9_.-]*\)</artifactId>.*:\1:p' "$ROOT/$m/pom.xml" | grep -vx "$m" || true)
  done
}

# module_stale <module>: true when its artifact is missing or older than one of its inputs.
module_stale() {
  local art m newer mods
  art=$(module_artifact "$1")
  [ -f "$art" ] || return 0
  mapfile -t mods < <(module_deps "$1")
  for m in "$1" "${mods[@]}"; do
    newer=$(find "$ROOT/$m/pom.xml" "$ROOT/$m/src" -type f -newer "$art" -print -quit 2>/dev/null || true)
    [ -z "$newer" ] || return 0
  done
  [ "$ROOT/pom.xml" -nt "$art" ] && return 0
  return 1
}

# ensure_built <module>...: one `mvn package` for the modules whose artifact is missing or stale.
# MVN_BUILD_ARGS adds arguments (e.g. -o when offline).
ensure_built() {
  local need=() m
  for m in "$@"; do
    if module_stale "$m"; then need+=("$m"); fi
  done
  [ ${#need[@]} -gt 0 ] || return 0
  mkdir -p "$LOGS"
  local log=$LOGS/build.log list
  list=$(IFS=,; echo "${need[*]}")
  say "building ${need[*]} (missing or older than their sources; mvn package, log in $log)"
  # shellcheck disable=SC2086 # MVN_BUILD_ARGS is a list of arguments
  if ! (cd "$ROOT" && mvn -B -q package -DskipTests ${MVN_BUILD_ARGS:-} -pl "$list" -am) >"$log" 2>&1; then
    # Maven's own errors, without its advice lines; else the end of the log.
    { grep -E '^\[ERROR\] .*[^ ]' "$log" | grep -vE 'Re-run Maven|Help 1|full stack trace|For more information|After correcting|mvn <args>|-> \[Help' | head -n 15 \
      || tail -n 20 "$log"; } >&2
    fail "the build of ${need[*]} failed (full log: $log). Fix the error above, or build by hand: mvn -B package -DskipTests -pl $list -am"
  fi
  for m in "${need[@]}"; do
    [ -f "$(module_artifact "$m")" ] \
      || fail "the build of $m succeeded but $(module_artifact "$m") is missing (see $log)"
    # Maven may leave an up-to-date jar untouched; mark it as built from the current sources.
    touch "$(module_artifact "$m")"
  done
}
