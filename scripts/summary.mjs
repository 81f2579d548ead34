// Prints one closing line over the Playwright and Jest JSON reports: "N passed, N failed, N skipped".
// Usage: summary.mjs <playwright.json> <jest-layer.json>...
import fs from 'node:fs';
import path from 'node:path';

const [playwrightFile, ...jestFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];

for (const jestFile of jestFiles) {
  if (!fs.existsSync(jestFile)) {
    missing.push(jestFile);
    continue;
  }
  const jest = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  skipped += jest.numPendingTests + (jest.numTodoTests ?? 0);
  const layer = path.basename(jestFile, '.json');
  console.log(`${layer}: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ${jest.numPendingTests} skipped (${jest.numTotalTestSuites} suites)`);
}

if (fs.existsSync(playwrightFile)) {
  const pw = JSON.parse(fs.readFileSync(playwrightFile, 'utf8'));
  const s = pw.stats ?? {};
  passed += s.expected ?? 0;
  failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
  skipped += s.skipped ?? 0;
  console.log(`playwright: ${s.expected ?? 0} passed, ${s.unexpected ?? 0} failed, ${s.flaky ?? 0} flaky, ${s.skipped ?? 0} skipped`);
} else {
  missing.push(playwrightFile);
}

for (const file of missing) {
  console.log(`missing report: ${file}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
