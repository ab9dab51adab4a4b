// Adds up the counts from each runner's JSON report into one closing line.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
const flaky = [];
// Playwright nests suites by file and describe block; flaky = failed once, passed on its retry.
const walk = (suite, found) => {
  for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.status === 'flaky') found.push(`${spec.file}: ${spec.title}`);
  for (const child of suite.suites ?? []) walk(child, found);
};
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  if (file.startsWith('vitest')) {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    // A file that failed to load has no failing test of its own: count it once.
    failed += (report.testResults ?? []).filter(
      (r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else if (file.startsWith('playwright')) {
    passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
    failed += report.stats?.unexpected ?? 0;
    for (const suite of report.suites ?? []) walk(suite, flaky);
    skipped += report.stats?.skipped ?? 0;
  }
}
// CI reads this exact shape ('N passed, N failed', optionally ', N skipped'): keep it alone on its line.
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
// A flaky test passed only on its retry: named here so it is mended, not forgotten.
for (const name of flaky) console.log(`  flaky (passed on retry): ${name}`);
