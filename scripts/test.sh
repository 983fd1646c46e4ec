#!/usr/bin/env bash
# Every test: unit, conformance, integration and browser e2e, then the real-package tier.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# The browser tier needs Debian's Chromium; never skip it silently.
if ! command -v chromium >/dev/null 2>&1; then
  echo "esmap: installing chromium from apt for the browser tests"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }; then
    echo "esmap: could not install chromium (apt-get install chromium failed); the browser tests need it." >&2
    exit 1
  fi
fi
export ESMAP_CHROMIUM="${ESMAP_CHROMIUM:-$(command -v chromium)}"

turbo run build typecheck --filter=./packages/* --filter=./test --output-logs=errors-only
node scripts/run-vitest.mjs "tests" vitest.config.ts
node scripts/run-vitest.mjs "real-package tests" vitest.real.config.ts --allow-empty
