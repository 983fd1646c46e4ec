#!/usr/bin/env bash
# The main job: install, build the packages, build the Vite playground with @esmap/plugin,
# and print where the generated HTML and import map are.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

turbo run build --filter=./packages/* --output-logs=errors-only
(cd playground/vite && vite build)

echo
echo "esmap: playground built"
for page in playground/vite/dist/*.html; do
  echo "  HTML:       $PWD/$page"
done
if [ -f playground/vite/dist/importmap.json ]; then
  echo "  import map: $PWD/playground/vite/dist/importmap.json"
fi
