#!/usr/bin/env bash
# npm test: every test of the project, on a fresh machine of this kind. It installs what the
# tests need (Debian packages as root), then runs each stage and reports them all at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup/system-deps.sh || exit 1
node scripts/setup/ensure-native.mjs || exit 1

results=$(mktemp -d /tmp/agent-test-results.XXXXXX)
export AGENT_TEST_RESULTS=$results
failed=()
stage() {
  local name=$1; shift
  echo "=== $name"
  if ! "$@"; then failed+=("$name"); fi
}

stage typecheck npm run --silent typecheck
stage lint npm run --silent lint
stage build npm run --silent build
stage "unit and integration (vitest)" bash scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"
stage "end to end (playwright)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright-app.json" \
  bash scripts/with-keyring.sh npx playwright test --project=app --reporter=list,json
# Real WebRTC calls through a real Kamailio, inside a network namespace with only loopback:
# netns-run.sh starts Kamailio there (tests/sip/kamailio.cfg) and stops it afterwards.
stage "phone end to end (playwright, loopback-only netns + Kamailio)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright-phone.json" \
  bash scripts/sip/netns-run.sh npx playwright test --project=phone --reporter=list,json

node scripts/test-summary.mjs "$results"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED stages: ${failed[*]}"
  exit 1
fi
