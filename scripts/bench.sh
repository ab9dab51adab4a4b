#!/usr/bin/env bash
# npm run bench: runs every bench/*.bench.ts in turn and prints its figures. Benches measure;
# they do not pass or fail on timings (tests never assert timings either).
set -uo pipefail
cd "$(dirname "$0")/.."
node scripts/setup/ensure-native.mjs || exit 1
status=0
for f in bench/*.bench.ts; do
  [ -e "$f" ] || continue
  echo "=== $f"
  node --import tsx "$f" || status=1
done
exit $status
