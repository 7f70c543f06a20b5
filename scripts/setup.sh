#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine that has only Node.js 20 and npm.
# Installs the OS packages the product and its tests need, pnpm 10, and the
# workspace's dependencies. Safe to run again: it only does what is missing.
#
#   scripts/setup.sh demo   packages the demo needs (native addon build deps)
#   scripts/setup.sh test   everything the test suite needs (adds Postgres, a KDC, Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

purpose="${1:-test}"
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
node_minor=$(node -p 'process.versions.node.split(".")[1]')
if (( node_major < 20 || (node_major == 20 && node_minor < 19) )); then
  echo "Node.js >= 20.19 is required (found $(node -v))." >&2
  exit 1
fi

# OS packages: build tools for native addons (better-sqlite3, kerberos), MIT Kerberos
# headers; for tests also a real Postgres server, an MIT KDC and Chromium.
packages=(g++ make python3 libkrb5-dev)
if [[ "$purpose" == "test" ]]; then
  packages+=(postgresql krb5-kdc krb5-admin-server krb5-user chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} > 0 )); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "Run as root, or install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  say "installing OS packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
    say "refreshing package lists and retrying"
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
  # Debian starts a system Postgres and KDC on install; tests start their own throwaway ones.
fi

# pnpm 10 through npm (corepack's signature check fails offline; see shared/ENVIRONMENT.md).
if ! command -v pnpm >/dev/null || [[ "$(pnpm --version)" != 10.* ]]; then
  say "installing pnpm 10"
  npm install -g pnpm@10 >/dev/null
fi

say "installing workspace dependencies"
pnpm install --frozen-lockfile --reporter=append-only
say "ready"
