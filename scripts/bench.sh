#!/usr/bin/env bash
# npm run bench: runs every bench/*.bench.ts in turn and prints its figures. Benches measure;
# they do not pass or fail on timings (tests never assert timings either). They run on the
# project's Node (node_modules/.bin/node, first on npm's PATH); the last part runs the store bench
# on the machine's own Node too, to compare runtimes (scripts/bench-runtimes.mjs).
set -uo pipefail
cd "$(dirname "$0")/.."
node scripts/setup/ensure-native.mjs || exit 1
status=0
for f in bench/*.bench.ts; do
  [ -e "$f" ] || continue
  echo "=== $f"
  node --import tsx "$f" || status=1
done
echo "=== bench/store.bench.ts on the machine's Node and on the project's"
node scripts/bench-runtimes.mjs || status=1
exit $status
