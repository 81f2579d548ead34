// @ts-check

/**
 * Deliveries from the git host that were accepted: a delivery id is handled once, so a replayed delivery is
 * refused (409) whichever replica it reaches.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_git_webhook_deliveries', table => {
    table.comment('Git host webhook deliveries Paved has accepted');
    table
      .string('delivery_id', 64)
      .primary()
      .notNullable()
      .comment('The X-Gitea-Delivery id');
    table
      .string('subject', 255)
      .notNullable()
      .comment('What it was about, e.g. team-checkout/orders-api#7 synchronized');
    table
      .timestamp('received_at', { useTz: true })
      .notNullable()
      .index('paved_git_webhook_deliveries_received_idx')
      .comment('When it was accepted');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paved_git_webhook_deliveries');
};
