#!/usr/bin/env bash
# Generates the Python, Java, Go and .NET bindings from the compiled jsii assembly without packaging
# them (packaging needs those languages' registries), byte-compiles the generated Python, and checks the
# README's Python, Go and Java examples against the generated bindings.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .jsii ] || npx jsii --silence-warnings=reserved-word
rm -rf .jsii-out
npx jsii-pacmak --code-only --outdir .jsii-out --target python --target java --target go --target dotnet
find .jsii-out -maxdepth 2 -mindepth 1 -type d | sort
python3 -m compileall -q .jsii-out/python
echo "generated sources for python, java, go, dotnet; python byte-compiles"
python3 scripts/check-readme-languages.py
