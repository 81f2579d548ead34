// @ts-check

/**
 * Which budget alert each team last got in a month, so a team is told once per state it reaches.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_budget_alerts', table => {
    table.comment(
      'The budget alerts sent to teams, one row per team and month',
    );
    table.string('team', 255).notNullable().comment('Group ref');
    table.string('month', 7).notNullable().comment('YYYY-MM (UTC)');
    table
      .string('state', 16)
      .notNullable()
      .comment('The worst state notified: warning or over');
    table.timestamp('notified_at', { useTz: true }).notNullable();
    table.primary(['team', 'month']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paved_budget_alerts');
};
