#!/usr/bin/env bash
# Feature speed: joules (Java) and torchaudio on the same 1,578 ten-second WAV files, same machine, same run.
#   bench/audio/run.sh [DIR] [CLIPS]     (DIR default /tmp/joules-audio-bench; about 1.4 GB of WAV files)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${1:-/tmp/joules-audio-bench}"
clips="${2:-1578}"
mvn -q -o -B -Dstyle.color=never -pl audio compile
deps="$(mktemp)"
mvn -q -o -B -Dstyle.color=never -pl audio dependency:build-classpath -Dmdep.outputFile="$deps" -Dmdep.includeScope=runtime
cp="audio/target/classes:$(cat "$deps")"
rm -f "$deps"
java -cp "$cp" joules.audio.FeatureBench "$dir" "$clips"
/usr/bin/python3 bench/audio/torchaudio_bench.py "$dir"
