#!/usr/bin/env bash
# Builds the Python wheels and Java jars of the library's jsii dependencies (cdk8s, cdk8s-plus-28,
# constructs) from their assemblies in node_modules, offline, into .bindings-cache/deps-<key>/, where the
# key names the versions that decide their content. A folder that is complete is reused: generating and
# compiling cdk8s-plus-28 alone takes minutes on a small machine, and it changes only with its version.
# Prints the folder.
set -euo pipefail
cd "$(dirname "$0")/.."

DEPS=(constructs cdk8s cdk8s-plus-28)
version() { node -p "require('./node_modules/$1/package.json').version"; }
key="pacmak-$(version jsii-pacmak)"
for p in "${DEPS[@]}"; do key="$key-$p-$(version "$p")"; done
key="$key-py$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-java$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')"
key="$key-$(cat vendor/python/*.whl vendor/java/*.jar | sha256sum | cut -c1-12)"
out=".bindings-cache/deps-$key"
if [ -f "$out/complete" ]; then
  echo "$out"
  exit 0
fi

# One folder per key: older ones are of other versions and never read again.
rm -rf .bindings-cache/deps-*
work="$out/work"
mkdir -p "$out/python" "$out/java" "$work"
JAVA_CP="$(bash scripts/java-classpath.sh)"
# The Python wheels build without build isolation (no index to fetch setuptools from), in a venv that has
# the vendored `wheel`.
python3 -m venv --system-site-packages "$work/venv" >&2
"$work/venv/bin/pip" install --quiet --no-index --no-deps vendor/python/wheel-*.whl >&2
classpath="$JAVA_CP"
for p in "${DEPS[@]}"; do
  start=$SECONDS
  npx jsii-pacmak "node_modules/$p" --code-only --outdir "$work/$p" --target python --target java >"$work/$p.log" 2>&1 \
    || { cat "$work/$p.log" >&2; exit 1; }
  "$work/venv/bin/pip" wheel --quiet --no-index --no-deps --no-build-isolation -w "$out/python" "$work/$p/python" >&2
  mkdir -p "$work/$p/classes"
  find "$work/$p/java/src/main/java" -name '*.java' >"$work/$p/sources"
  # Generated code uses deprecated and unchecked APIs by design; only errors matter here.
  javac -nowarn -encoding UTF-8 -J-Xmx1g -cp "$classpath" -d "$work/$p/classes" "@$work/$p/sources" 2>&1 | { grep -v '^Note:' || true; } >&2
  cp -r "$work/$p/java/src/main/resources/." "$work/$p/classes/"
  jar --create --file "$out/java/$p.jar" -C "$work/$p/classes" .
  classpath="$classpath:$out/java/$p.jar"
  echo "bindings of $p $(version "$p"): $((SECONDS - start)) s" >&2
done
rm -rf "$work"
touch "$out/complete"
echo "$out"
