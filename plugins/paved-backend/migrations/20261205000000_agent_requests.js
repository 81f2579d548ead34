// @ts-check

/**
 * Change requests made by an AI agent over MCP: `origin` is `agent`, `client` names the MCP client, and the
 * requester confirms the request in Backstage (`confirmed_by`, `confirmed_at`) before it runs or, when
 * `needs_lead` is true, before a team lead may approve it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('paved_approval_requests', table => {
    table
      .string('origin', 32)
      .nullable()
      .comment('agent: asked for by an AI agent over MCP; null: by a person');
    table
      .string('client', 255)
      .nullable()
      .comment('The MCP client that asked, as the request names it');
    table
      .boolean('needs_lead')
      .nullable()
      .comment('An agent request a team lead approves after the requester confirms it');
    table
      .string('confirmed_by', 255)
      .nullable()
      .comment('The requester who confirmed the agent request in Backstage');
    table
      .timestamp('confirmed_at', { useTz: true })
      .nullable()
      .comment('When the requester confirmed it');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('paved_approval_requests', table => {
    table.dropColumn('origin');
    table.dropColumn('client');
    table.dropColumn('needs_lead');
    table.dropColumn('confirmed_by');
    table.dropColumn('confirmed_at');
  });
};
