#!/usr/bin/env sh
# Installs what the dashboard's browser test and the monitoring tests need, when missing:
# Chromium and its driver (Selenium drives them) and promtool (Debian's prometheus package).
# Safe to run every time: it does nothing when all three are there. Called by .ci/run.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v chromedriver >/dev/null 2>&1 || need="$need chromium-driver"
command -v promtool >/dev/null 2>&1 || need="$need prometheus"
[ -z "$need" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
echo "install-test-tools: installing$need" >&2
$sudo apt-get update -q >/dev/null
# The prometheus package may start a system Prometheus on :9090 where systemd runs; the tests use
# only promtool and a private prometheus process on their own port.
# shellcheck disable=SC2086 # $need is a list of package names
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $need >/dev/null
