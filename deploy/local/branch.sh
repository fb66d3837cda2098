# shellcheck shell=bash
# ./overlay branch add: everything one new branch needs, generated in one directory (sourced by
# lib.sh; needs ROOT, OVERLAY_HOME, say, fail). Nothing here touches a database or a cluster:
# the operator applies the files (the directory's README.txt says how, in order).

branch_usage() {
  cat <<EOF
usage: ./overlay branch add NAME --host HOST [options]

Generates, in one directory, what branch NAME needs: its Debezium Server configuration, the
capture user's grants with a generated password, the ingest token and its hash (--http), a
compose service and a Kubernetes kustomization. Applies nothing; README.txt in it lists the steps.

  NAME                 the branch, letters and digits (b002); its source name is pos-NAME
  --host HOST          the branch database's address (as Debezium reaches it)
  --port PORT          its port [3306]
  --database DB        the database to capture [pharmacy]
  --server-id N        Debezium's replication client id, unique per branch database
                       [5400 + the number in NAME, e.g. b002 → 5402]
  --capture-user USER  [debezium]
  --mysql8             the branch runs MySQL 8 (default: MariaDB 10.6+)
  --http               the branch reaches the centre only over HTTPS: http sink → ingest-service
  --kafka SERVERS      the centre's Kafka as Debezium reaches it [kafka:9092]
  --ingest-url URL     with --http: ingest-service's address [https://audit.example/ingest]
  --out DIR            where to write [\$OVERLAY_HOME/branches/NAME]; must not exist yet
EOF
}

cmd_branch() {
  local sub=${1:-}
  [ $# -gt 0 ] && shift
  case "$sub" in
    add) branch_add "$@" ;;
    -h | --help | help | "") branch_usage ;;
    *) branch_usage >&2; fail "unknown branch command '$sub' (only: add)" ;;
  esac
}

random_secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

branch_add() {
  local name="" host="" port=3306 db=pharmacy server_id="" user=debezium mysql8=false http=false
  local ingest_url=https://audit.example/ingest out="" kafka=kafka:9092
  while [ $# -gt 0 ]; do
    case "$1" in
      --host) host=${2:-}; shift 2 ;;
      --port) port=${2:-}; shift 2 ;;
      --database) db=${2:-}; shift 2 ;;
      --server-id) server_id=${2:-}; shift 2 ;;
      --capture-user) user=${2:-}; shift 2 ;;
      --mysql8) mysql8=true; shift ;;
      --http) http=true; shift ;;
      --ingest-url) ingest_url=${2:-}; shift 2 ;;
      --kafka) kafka=${2:-}; shift 2 ;;
      --out) out=${2:-}; shift 2 ;;
      -h | --help) branch_usage; return 0 ;;
      -*) branch_usage >&2; fail "unknown option $1" ;;
      *) [ -z "$name" ] || fail "one NAME only (got '$name' and '$1')"; name=$1; shift ;;
    esac
  done
  [[ $name =~ ^[a-z0-9]{1,20}$ ]] || fail "NAME must be 1–20 lower-case letters or digits (e.g. b002); see ./overlay branch --help"
  [ -n "$host" ] || fail "--host is required: the branch database's address"
  [[ $port =~ ^[0-9]+$ ]] || fail "--port must be a number"
  [[ $db =~ ^[A-Za-z0-9_]+$ ]] || fail "--database must be a plain database name"
  [[ $user =~ ^[A-Za-z0-9_]+$ ]] || fail "--capture-user must be a plain user name"
  if [ -z "$server_id" ]; then
    local digits=${name//[!0-9]/}
    [ -n "$digits" ] || fail "NAME has no number to derive the server id from: pass --server-id"
    server_id=$((5400 + 10#$digits % 1000))
  fi
  [[ $server_id =~ ^[0-9]+$ ]] || fail "--server-id must be a number"
  out=${out:-$OVERLAY_HOME/branches/$name}
  [ ! -e "$out" ] || fail "$out exists already; remove it or choose --out"

  local source="pos-$name" password token="" hash="" flavour=mariadb
  $mysql8 && flavour=mysql8
  password=$(random_secret)
  # The directory is private (it holds the password); the files in it stay readable by the
  # container users that compose mounts them into.
  mkdir -p "$out/debezium/config" "$out/central" "$out/k8s"
  chmod 700 "$out"

  # 1. the branch database: the capture user and its grants
  local monitor=", BINLOG MONITOR"
  $mysql8 && monitor=""
  cat >"$out/source-grants.sql" <<EOF
-- Branch $name: the capture user for Debezium, with its generated password. Run once on the
-- branch database as an administrator. Restrict '%' to the address Debezium connects from.
CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$password';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT$monitor, LOCK TABLES ON *.* TO '$user'@'%';
FLUSH PRIVILEGES;
EOF

  # 2. its Debezium Server: the shipped configuration and the branch's environment
  local props=$ROOT/deploy/debezium/$flavour/application.properties
  if $http; then
    $mysql8 && fail "--http with --mysql8: the http-sink configuration is MariaDB's; adapt deploy/debezium/http-sink by hand"
    props=$ROOT/deploy/debezium/http-sink/application.properties
    token=$(random_secret)
    hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  fi
  cp "$props" "$out/debezium/config/application.properties"
  {
    echo "# Branch $name: environment of its Debezium Server (run.sh: set -a; . ./branch.env; set +a)."
    echo "SOURCE_NAME=$source"
    echo "SOURCE_DB_HOST=$host"
    echo "SOURCE_DB_PORT=$port"
    echo "SOURCE_DATABASES=$db"
    echo "SOURCE_DB_CAPTURE_USER=$user"
    echo "SOURCE_DB_CAPTURE_PASSWORD=$password"
    echo "DEBEZIUM_SERVER_ID=$server_id"
    echo "DEBEZIUM_DATA_DIR=data"
    if $http; then
      echo "INGEST_URL=$ingest_url"
      echo "INGEST_TOKEN=$token"
    else
      echo "KAFKA_BOOTSTRAP_SERVERS=$kafka"
    fi
    grep -v '^#' "$ROOT/deploy/debezium/branch-footprint.env"
  } >"$out/debezium/branch.env"

  # 3. the centre: ingest-service's entry for an http branch
  if $http; then
    local key=${name^^}
    {
      echo "# ingest-service: branch $name may write topic prefix $source with the token whose hash this is."
      echo "AUDIT_INGEST_BRANCHES__${key}__TOKEN_SHA256=$hash"
      echo "AUDIT_INGEST_BRANCHES__${key}__TOPIC_PREFIX=$source"
    } >"$out/central/ingest-service.env"
  fi

  # 3b. the centre: ai-service's completeness checks of this branch's database (read-only, its capture user)
  local ckey=${name^^}
  ckey=${ckey//[^A-Z0-9]/}
  {
    echo "# ai-service: reconcile branch $name's database with the trail and scan its binlog (docs/anomalies.md, Completeness)."
    echo "AUDIT_AI_COMPLETENESS_SOURCES_${ckey}_URL=jdbc:mariadb://$host:$port/"
    echo "AUDIT_AI_COMPLETENESS_SOURCES_${ckey}_NAME=$source"
    echo "AUDIT_AI_COMPLETENESS_SOURCES_${ckey}_USER=$user"
    echo "AUDIT_AI_COMPLETENESS_SOURCES_${ckey}_DATABASES=$db"
    echo "AUDIT_AI_COMPLETENESS_SOURCES_${ckey}_PASSWORD_FILE=$out/central/capture-password"
  } >"$out/central/ai-service.env"

  # 4. compose: one more Debezium service beside docker-compose.yml's
  local sink_env="      KAFKA_BOOTSTRAP_SERVERS: $kafka"
  $http && sink_env="      INGEST_URL: $ingest_url
      INGEST_TOKEN__FILE: /run/secrets/ingest_token_$name"
  printf '%s' "$password" >"$out/central/capture-password"
  $http && printf '%s' "$token" >"$out/central/ingest-token"
  cat >"$out/docker-compose.branch.yml" <<EOF
# Branch $name's Debezium Server for docker-compose.yml:
#   docker compose -f docker-compose.yml -f $out/docker-compose.branch.yml up -d debezium-$name
services:
  debezium-$name:
    image: quay.io/debezium/server:3.6.1.Final
    entrypoint: ["/bin/sh", "/audit-overlay/file-env.sh", "/debezium/run.sh"]
    environment:
      SOURCE_NAME: $source
      SOURCE_DB_HOST: $host
      SOURCE_DB_PORT: "$port"
      SOURCE_DATABASES: $db
      SOURCE_DB_CAPTURE_USER: $user
      SOURCE_DB_CAPTURE_PASSWORD__FILE: /run/secrets/capture_password_$name
      DEBEZIUM_SERVER_ID: "$server_id"
      DEBEZIUM_DATA_DIR: /debezium/data
      DEBEZIUM_HTTP_PORT: "8088"
$sink_env
      JAVA_OPTS: $(sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' "$ROOT/deploy/debezium/branch-footprint.env")
      DEBEZIUM_SOURCE_MAX_QUEUE_SIZE: "8192"
      DEBEZIUM_SOURCE_MAX_BATCH_SIZE: "2048"
      DEBEZIUM_SINK_KAFKA_PRODUCER_BATCH_SIZE: "262144"
    secrets: [capture_password_$name$($http && echo ", ingest_token_$name")]
    volumes:
      - $out/debezium/config/application.properties:/debezium/config/application.properties:ro
      - $ROOT/deploy/docker/file-env.sh:/audit-overlay/file-env.sh:ro
      - debezium-$name-data:/debezium/data
    healthcheck:
      test: ["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8088 && printf 'GET /q/health/ready HTTP/1.0\\\\r\\\\n\\\\r\\\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
      interval: 10s
      timeout: 5s
      start_period: 60s
      retries: 12
    mem_limit: 512m
    restart: unless-stopped
secrets:
  capture_password_$name: {file: $out/central/capture-password}
$($http && echo "  ingest_token_$name: {file: $out/central/ingest-token}")
volumes:
  debezium-$name-data:
EOF

  # 5. Kubernetes: the branch's kustomization (a copy of deploy/k8s/branches/pos-b001's shape)
  cat >"$out/k8s/kustomization.yaml" <<EOF
# Branch $name: copy this folder to deploy/k8s/branches/$source and add it to the overlay's
# resources. Its Secret (README.txt): audit-overlay-source-$source, key capture-password.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
nameSuffix: -$source
resources:
  - ../../branch-base
labels:
  - pairs: {audit-overlay/source: $source}
    includeSelectors: true
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: debezium}
      spec:
        template:
          spec:
            containers:
              - name: debezium
                env:
                  - {name: SOURCE_NAME, value: $source}
                  - {name: SOURCE_DB_HOST, value: $host}
                  - {name: SOURCE_DB_PORT, value: "$port"}
                  - {name: SOURCE_DATABASES, value: $db}
                  - {name: SOURCE_DB_CAPTURE_USER, value: $user}
                  - {name: DEBEZIUM_SERVER_ID, value: "$server_id"}
                  - name: SOURCE_DB_CAPTURE_PASSWORD
                    valueFrom: {secretKeyRef: {name: audit-overlay-source-$source, key: capture-password}}
EOF

  cat >"$out/README.txt" <<EOF
Branch $name (source name $source, Debezium server id $server_id), generated $(date -u +%FT%TZ).
This directory holds secrets (a password$($http && echo ", a token")): keep it like one, never commit it.

1. On the branch database ($host:$port), as an administrator, with the binlog settings of
   docs/install.md §2 in place:
     mariadb -h $host -P $port -u root -p < source-grants.sql
2. Its Debezium Server, one of:
   - a Debezium Server 3.6 distribution: put debezium/config/ beside run.sh, then
       set -a; . $out/debezium/branch.env; set +a; ./run.sh
   - Docker Compose at the centre:
       docker compose -f docker-compose.yml -f $out/docker-compose.branch.yml up -d debezium-$name
   - Kubernetes: cp -r $out/k8s deploy/k8s/branches/$source, add ../../branches/$source to
     the overlay's resources, then
       kubectl -n audit-overlay create secret generic audit-overlay-source-$source --from-file=capture-password=$out/central/capture-password
       kubectl apply -k deploy/k8s/overlays/<overlay>
EOF
  if $http; then
    cat >>"$out/README.txt" <<EOF
3. The centre accepts the branch over HTTPS: add the two lines of central/ingest-service.env to
   ingest-service's environment (Kubernetes: the Secret audit-overlay-ingest-branches,
     kubectl -n audit-overlay create secret generic audit-overlay-ingest-branches --from-env-file=… ;
   it holds every branch's two keys) and restart ingest-service. The token itself is in
   debezium/branch.env (INGEST_TOKEN) and central/ingest-token; only its hash goes to the centre.
EOF
  fi
  cat >>"$out/README.txt" <<EOF
$($http && echo 4. || echo 3.) Check: Debezium's /q/health/ready is UP; the snapshot shows in the normalizer's
   audit_normalizer_records_in_total; tables without a branch_id column need
   audit.normalizer.source-branch."$source"=<branch id> (docs/operations.md).
$($http && echo 5. || echo 4.) Completeness: add the lines of central/ai-service.env to ai-service's environment and
   restart it, so that it also reconciles this branch's database with the trail (read-only, through
   the capture user). In a container, point …_PASSWORD_FILE at the mounted capture-password secret.
EOF
  say "branch $name: generated in $out (source name $source, server id $server_id)"
  say "next: $out/README.txt"
}
