#!/bin/sh
# Secrets from files: for every environment variable NAME__FILE (two underscores, as Grafana
# spells it; a single _FILE is taken by real settings such as AUDIT_TOKENS_FILE) that names a
# readable file, export NAME with the file's content (trailing newline removed), then run the
# given command. Lets compose secrets (/run/secrets/…) and Kubernetes secret volumes feed
# settings that the program reads from the environment (Quarkus, Debezium Server).
#   file-env.sh /opt/jboss/container/java/run/run-java.sh
set -eu
for pair in $(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)__FILE=.*/\1/p'); do
  file=$(printenv "${pair}__FILE")
  if [ ! -r "$file" ]; then
    echo "file-env: ${pair}__FILE names $file, which is not readable" >&2
    exit 1
  fi
  if [ -n "$(printenv "$pair" || true)" ]; then
    echo "file-env: both $pair and ${pair}__FILE are set; keep one" >&2
    exit 1
  fi
  value=$(cat "$file")
  export "$pair=$value"
  unset "${pair}__FILE"
done
exec "$@"
