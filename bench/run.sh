#!/usr/bin/env bash
# Runs the JMH benchmarks (and harnesses) of one module.
#   bench/run.sh awo-core                       # every JMH benchmark in awo-core
#   bench/run.sh awo-core SaveCost -f1          # those matching a regex, with JMH options
#   bench/run.sh awo-adapters-git --main dev.awo.git.bench.SandboxSetupBenchmark   # a harness main class
# Builds the module and what it needs first; JMH's own options (-h) pass through.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
module="${1:?usage: bench/run.sh MODULE [REGEX] [JMH OPTIONS] | MODULE --main CLASS [ARGS]}"
shift
cd "$root"
mvn -q -pl "$module" -am install -DskipTests >/dev/null
mvn -q -pl "$module" test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/$module/target/bench-classpath.txt" -Dmdep.includeScope=test >/dev/null
cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$root/$module/target/bench-classpath.txt")"
if [[ "${1:-}" == "--main" ]]; then
  shift
  main="${1:?--main needs a class}"
  shift
  exec java -cp "$cp" "$main" "$@"
fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
