#!/usr/bin/env bash
# Every test: typecheck, lint, unit, integration (PGlite and a real Postgres), end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
exec pnpm test "$@"
