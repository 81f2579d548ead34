import { benchRevisionList } from './revisionList';
import { benchRollback } from './timing';

/**
 * `yarn bench rollback` (issue 16): a rollback of the 35-object demo with Paved against kubectl, in the same
 * run, and the revision list of a component with 500 revisions against the entity p95 goal.
 *
 *   yarn bench rollback                              # 5 measured rounds after a warm-up, 200 list calls
 *   BENCH_RUNS=9 yarn bench rollback                 # more rollback rounds (medians are printed)
 *   BENCH_REVISIONS=1000 BENCH_LIST_CALLS=500 yarn bench rollback
 *   node -r sucrase/register tools/bench/run.ts rollback   # without `yarn bench`'s `up.sh` (cluster already up)
 *
 * Every namespace it creates (two for the rollback, one for the list) is deleted at the end, also after a
 * failure. A missed goal is reported as FAIL, not an error; a rollback that did not restore v1 is an error.
 */
async function main() {
  await benchRollback();
  await benchRevisionList();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
