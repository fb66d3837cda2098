#!/bin/bash
# Run once by the mariadb image at its first start (docker-entrypoint-initdb.d; executable, so it
# runs as its own process): the application and capture users of the demo branch database, with
# the passwords of the compose secrets (deploy/compose/init-secrets.sh) instead of the local
# stack's fixed demo ones.
# Grants as deploy/source/users.sql.
set -eu
app_pw=$(cat /run/secrets/source_app_password)
capture_pw=$(cat /run/secrets/source_capture_password)
case "$app_pw$capture_pw" in *"'"* | *"\\"*) echo "source-users.sh: a password holds a quote or backslash" >&2; exit 1 ;; esac
mariadb --protocol=socket -uroot -p"$(cat /run/secrets/source_root_password)" <<SQL
CREATE USER IF NOT EXISTS 'pos'@'%' IDENTIFIED BY '$app_pw';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON pharmacy.* TO 'pos'@'%';
CREATE USER IF NOT EXISTS 'debezium'@'%' IDENTIFIED BY '$capture_pw';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES ON *.* TO 'debezium'@'%';
FLUSH PRIVILEGES;
SQL
