// @ts-check

/**
 * Production approvals and the audit trail.
 *
 * Timestamps are always written by the backend as JavaScript Dates (never database defaults), so they
 * are `timestamptz` on PostgreSQL and epoch milliseconds in SQLite's `datetime` columns; the stores
 * normalise both when reading.
 */

/**
 * A column: name, type (`string` of a length, `text` — `longtext` where given — or `timestamp` with time
 * zone), whether it is required, and its comment.
 *
 * @typedef {[string, 'string' | 'text' | 'timestamp', number | 'longtext' | undefined, boolean, string?]} Column
 */

/** @type {Column[]} */
const APPROVAL_REQUEST_COLUMNS = [
  [
    'kind',
    'string',
    64,
    true,
    'What runs on approval: apply, environment-clone, ...',
  ],
  ['cluster', 'string', 255, true],
  ['namespace', 'string', 255, true],
  ['team', 'string', 255, true, 'Group ref of the team whose leads decide'],
  ['requested_by', 'string', 255, true, 'User ref'],
  ['requested_at', 'timestamp', undefined, true],
  ['expires_at', 'timestamp', undefined, true],
  ['summary', 'text', 'longtext', true],
  ['diff', 'text', 'longtext', true],
  [
    'payload',
    'text',
    'longtext',
    true,
    'JSON: the change exactly as recorded, run on approval',
  ],
  ['status', 'string', 32, true, 'pending | approved | rejected | expired'],
  ['decided_by', 'string', 255, false, 'User ref'],
  ['decided_at', 'timestamp', undefined, false],
  ['decision_comment', 'text', undefined, false],
  [
    'outcome',
    'string',
    32,
    false,
    'After approval: applied | failed (null while running)',
  ],
  ['outcome_message', 'text', 'longtext', false],
  ['outcome_at', 'timestamp', undefined, false],
  ['task_id', 'string', 255, false, 'Scaffolder task, if any'],
  ['entity_ref', 'string', 255, false, 'Catalog entity, if any'],
];

/** @type {Column[]} */
const AUDIT_EVENT_COLUMNS = [
  ['at', 'timestamp', undefined, true],
  ['actor', 'string', 255, true, 'User ref'],
  [
    'action',
    'string',
    64,
    true,
    'kubernetes.apply, environment.create, approval.approve, ...',
  ],
  ['cluster', 'string', 255, false],
  ['namespace', 'string', 255, false],
  ['target', 'text', undefined, false],
  ['outcome', 'string', 32, true, 'succeeded | failed | refused | requested'],
  ['message', 'text', 'longtext', false],
  ['details', 'text', 'longtext', false, 'JSON object'],
];

/**
 * @param {import('knex').Knex.CreateTableBuilder} table
 * @param {Column[]} columns
 */
function addColumns(table, columns) {
  for (const [name, type, size, required, comment] of columns) {
    const builders = {
      string: () => table.string(name, /** @type {number} */ (size)),
      text: () => table.text(name, /** @type {string | undefined} */ (size)),
      timestamp: () => table.timestamp(name, { useTz: true }),
    };
    const column = builders[type]();
    if (required) column.notNullable();
    else column.nullable();
    if (comment) column.comment(comment);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_approval_requests', table => {
    table.comment(
      'Changes to protected environments waiting for, or decided by, a team lead',
    );
    table.string('id', 64).primary().notNullable().comment('UUID');
    addColumns(table, APPROVAL_REQUEST_COLUMNS);
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
    addColumns(table, AUDIT_EVENT_COLUMNS);
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
