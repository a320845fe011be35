#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: builds the solution, starts a local Kinesis emulator
# (kinesalite, installed from npm into .tools/ by scripts/kinesalite.sh), runs the tests, and stops the emulator.
# Needs the .NET 10 SDK, and Node.js with npm. CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# One emulator for the whole run, in a state folder of its own; the test fixtures use it through KINESIS_ENDPOINT.
export KINESALITE_STATE_DIR="${KINESALITE_STATE_DIR:-$PWD/.tools/kinesalite/test-run}"
stop() { scripts/kinesalite.sh stop >/dev/null 2>&1 || true; }
trap stop EXIT
eval "$(scripts/kinesalite.sh start)"
export KINESIS_ENDPOINT
echo "test.sh: kinesalite at $KINESIS_ENDPOINT" >&2

dotnet build FilterPatterns.sln -c Release --nologo -v quiet
dotnet test FilterPatterns.sln -c Release --no-build --nologo "$@"
