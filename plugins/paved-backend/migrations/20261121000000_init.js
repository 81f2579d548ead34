// @ts-check

/**
 * Production approvals and the audit trail.
 *
 * Timestamps are always written by the backend as JavaScript Dates (never database defaults), so they
 * are `timestamptz` on PostgreSQL and epoch milliseconds in SQLite's `datetime` columns; the stores
 * normalise both when reading.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_approval_requests', table => {
    table.comment(
      'Changes to protected environments waiting for, or decided by, a team lead',
    );
    table.string('id', 64).primary().notNullable().comment('UUID');
    table
      .string('kind', 64)
      .notNullable()
      .comment('What runs on approval: apply, environment-clone, ...');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table
      .string('team', 255)
      .notNullable()
      .comment('Group ref of the team whose leads decide');
    table.string('requested_by', 255).notNullable().comment('User ref');
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.text('summary', 'longtext').notNullable();
    table.text('diff', 'longtext').notNullable();
    table
      .text('payload', 'longtext')
      .notNullable()
      .comment('JSON: the change exactly as recorded, run on approval');
    table
      .string('status', 32)
      .notNullable()
      .comment('pending | approved | rejected | expired');
    table.string('decided_by', 255).nullable().comment('User ref');
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('decision_comment').nullable();
    table
      .string('outcome', 32)
      .nullable()
      .comment('After approval: applied | failed (null while running)');
    table.text('outcome_message', 'longtext').nullable();
    table.timestamp('outcome_at', { useTz: true }).nullable();
    table.string('task_id', 255).nullable().comment('Scaffolder task, if any');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Catalog entity, if any');
    table.index(['status', 'expires_at'], 'paved_approval_requests_status_idx');
    table.index(
      ['cluster', 'namespace'],
      'paved_approval_requests_location_idx',
    );
    table.index(['team', 'status'], 'paved_approval_requests_team_idx');
  });

  await knex.schema.createTable('paved_audit_events', table => {
    table.comment(
      'Every mutation Paved made or refused: who, what, where, when',
    );
    table.bigIncrements('id');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable().comment('User ref');
    table
      .string('action', 64)
      .notNullable()
      .comment('kubernetes.apply, environment.create, approval.approve, ...');
    table.string('cluster', 255).nullable();
    table.string('namespace', 255).nullable();
    table.text('target').nullable();
    table
      .string('outcome', 32)
      .notNullable()
      .comment('succeeded | failed | refused | requested');
    table.text('message', 'longtext').nullable();
    table.text('details', 'longtext').nullable().comment('JSON object');
    table.index(['at', 'id'], 'paved_audit_events_at_idx');
    table.index(['actor', 'at'], 'paved_audit_events_actor_idx');
    table.index(
      ['cluster', 'namespace', 'at'],
      'paved_audit_events_location_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paved_audit_events');
  await knex.schema.dropTable('paved_approval_requests');
};
