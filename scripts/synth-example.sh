#!/usr/bin/env bash
# The main job: install what the project needs, then synthesize the example app to dist/ and the lab example to dist/lab/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
fi
# The input checks read the library's jsii assembly, which only a compile writes: build it when it is
# missing or older than any source file, so the main job also works as the first command on a fresh clone.
if [ ! -f .jsii ] || [ -n "$(find src -newer .jsii -print -quit)" ]; then
  npx projen compile
fi
npx projen synth:example
ls -1 dist/*.yaml dist/lab/*.yaml
