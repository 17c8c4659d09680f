#!/usr/bin/env bash
# The main job: install what the project needs, then synthesize the example app to dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
fi
npx projen synth:example
ls -1 dist/*.yaml
