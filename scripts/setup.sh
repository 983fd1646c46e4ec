#!/usr/bin/env bash
# Shared set-up for the README commands: a pinned pnpm (installed with npm into .tools/,
# since corepack cannot verify signatures on this registry) and a frozen install.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1

if [ "$(.tools/node_modules/.bin/pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "esmap: installing pnpm@$PNPM_VERSION into .tools/"
  npm install --silent --no-audit --no-fund --prefix .tools "pnpm@$PNPM_VERSION" >/dev/null
fi
export PATH="$PWD/.tools/node_modules/.bin:$PWD/node_modules/.bin:$PATH"

pnpm install --frozen-lockfile --reporter=append-only
