// @ts-check

/**
 * Revisions: every change Paved applied to an environment, numbered per environment, with its objects
 * (Secrets as key names, never values), and an index of the objects for lookups by component and object.
 *
 * Timestamps are written by the backend as JavaScript Dates (see the first migration).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_revisions', table => {
    table.comment('Immutable revisions of the changes Paved applied');
    table.bigIncrements('id');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table
      .integer('revision')
      .notNullable()
      .comment('Counts from 1 in each environment (cluster, namespace)');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable().comment('User ref');
    table
      .text('source')
      .notNullable()
      .comment('JSON: kind, template, taskId, approvalId, restores');
    table.string('outcome', 32).notNullable().comment('applied | failed');
    table.text('message', 'longtext').nullable();
    table
      .text('components')
      .notNullable()
      .comment('JSON array of backstage.io/kubernetes-id values');
    table
      .text('manifests', 'longtext')
      .notNullable()
      .comment('JSON array of the objects; Secrets hold key names only');
    table
      .text('results')
      .notNullable()
      .comment('JSON array of {kind, name, result}');
    table.text('diff', 'longtext').notNullable();
    table.unique(['cluster', 'namespace', 'revision'], {
      indexName: 'paved_revisions_number_uq',
    });
    table.index(['at'], 'paved_revisions_at_idx');
  });

  await knex.schema.createTable('paved_revision_objects', table => {
    table.comment('The objects of each revision, for lookups by component');
    table
      .bigInteger('revision_id')
      .notNullable()
      .references('id')
      .inTable('paved_revisions')
      .onDelete('CASCADE');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.integer('revision').notNullable();
    table.string('kind', 255).notNullable();
    table.string('name', 255).notNullable();
    table
      .string('component', 255)
      .nullable()
      .comment('backstage.io/kubernetes-id of the object');
    table.index(
      ['cluster', 'namespace', 'kind', 'name', 'revision'],
      'paved_revision_objects_object_idx',
    );
    table.index(
      ['component', 'cluster', 'namespace', 'revision'],
      'paved_revision_objects_component_idx',
    );
    table.index(['revision_id'], 'paved_revision_objects_revision_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paved_revision_objects');
  await knex.schema.dropTable('paved_revisions');
};
