'use strict';

// A scheduled job: Kubernetes starts it on the app spec's schedule, and it must exit when done —
// exit code 0 for success, anything else to have the run retried (up to backoffLimit times).

/** The job's work; replace with yours. Returns a summary for the log. */
async function run(now = new Date()) {
  return { job: '${{ values.name }}', ranAt: now.toISOString() };
}

if (require.main === module) {
  run()
    .then(summary => {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      process.exit(0);
    })
    .catch(error => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    });
}

module.exports = { run };
