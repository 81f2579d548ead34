// Fails when a pristine app's backend log has a warning or error from Paved: the install must start as
// cleanly as Paved's own app. Backstage's development log lines look like
// `2026-12-02T03:04:05.678Z paved warn Some text plugin=paved`.
import fs from 'node:fs';

const [file] = process.argv.slice(2);
// eslint-disable-next-line no-control-regex
const lines = fs
  .readFileSync(file, 'utf8')
  .replace(/\x1b\[[0-9;]*m/g, '')
  .split('\n');
// a line from Paved's plugin, or one naming Paved or a @paved package (file paths aside)
const fromPaved = line =>
  /^\S+ paved /.test(line) ||
  /\bPaved\b|@paved\//.test(line.replace(/\S*\/\S*/g, ''));
const bad = lines.filter(
  line => /^\S+ \S+ (warn|error) /.test(line) && fromPaved(line),
);
if (bad.length) {
  console.error(
    `${file}: ${bad.length} Paved warning(s) or error(s):\n  ${bad
      .slice(0, 20)
      .join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`${file}: no Paved warnings or errors in ${lines.length} lines`);
