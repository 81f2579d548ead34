// @ts-check

/**
 * Run leases of approved changes: the replica running an approved change holds it (`run_owner`) and renews
 * `run_heartbeat_at` while it runs; any replica's housekeeping takes over a run whose heartbeat stopped (its
 * replica died) and finishes it as the approver (`run_identity`), at most a few times (`run_attempts`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('paved_approval_requests', table => {
    table
      .string('run_owner', 255)
      .nullable()
      .comment('The backend instance running the approved change');
    table
      .timestamp('run_heartbeat_at', { useTz: true })
      .nullable()
      .comment('Renewed while the run goes on; a stale one means its backend stopped');
    table
      .text('run_identity')
      .nullable()
      .comment('JSON {user, groups}: the approver as the cluster knows them, to finish the run elsewhere');
    table
      .integer('run_attempts')
      .notNullable()
      .defaultTo(0)
      .comment('How many times a backend started the run');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('paved_approval_requests', table => {
    table.dropColumn('run_owner');
    table.dropColumn('run_heartbeat_at');
    table.dropColumn('run_identity');
    table.dropColumn('run_attempts');
  });
};
