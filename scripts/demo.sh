#!/usr/bin/env bash
# The demo loop on embedded defaults: GP simulator → agent → cloud (PGlite) → Slack emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
exec pnpm demo "$@"
