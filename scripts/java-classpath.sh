#!/usr/bin/env bash
# Prints the class path of the jsii Java runtime: the vendored runtime jar and the Debian packages it needs
# (see vendor/java/SOURCES.md). Fails naming the package to install when one is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$PWD/$(ls vendor/java/jsii-runtime-*.jar)"
for jar in jackson-core:libjackson2-core-java jackson-databind:libjackson2-databind-java \
  jackson-annotations:libjackson2-annotations-java org.jetbrains.annotations-java8:libjetbrains-annotations-java \
  geronimo-annotation-1.3-spec:libgeronimo-annotation-1.3-spec-java; do
  file="/usr/share/java/${jar%%:*}.jar"
  [ -f "$file" ] || { echo "missing $file: apt-get install ${jar#*:}" >&2; exit 1; }
  cp="$cp:$file"
done
echo "$cp"
