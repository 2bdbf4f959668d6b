#!/usr/bin/env bash
# The project's test command: builds every module and runs every test (GPU tests skip without a GPU).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -Djava.awt.headless=true verify "$@"
