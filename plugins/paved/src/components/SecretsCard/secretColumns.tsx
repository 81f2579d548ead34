import {
  StatusError,
  StatusOK,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  EnvironmentSecretsView,
  SecretKeyView,
  SecretView,
} from '@paved/plugin-paved-common';
import { formatEvery, formatTime } from './format';

/** One line of an environment's table: a key of a Secret (or a Secret without keys). */
export interface SecretRow {
  secret: SecretView;
  key?: SecretKeyView;
  /** The Secret's first line, which carries its name and its actions. */
  first: boolean;
}

/** The lines of an environment's table, Secret by Secret. */
export function secretRows(env: EnvironmentSecretsView): SecretRow[] {
  return env.secrets.flatMap((secret): SecretRow[] =>
    secret.keys.length
      ? secret.keys.map((key, i) => ({ secret, key, first: i === 0 }))
      : [{ secret, first: true }],
  );
}

const SOURCES: Record<SecretView['source'], string> = {
  kubernetes: 'Kubernetes Secret',
  'secret-manager': 'from the secret manager',
  other: 'made outside Paved',
  missing: 'does not exist',
};

/** Whether a key exists, or is missing — and whether a workload waits for it. */
export function KeyStatus({ row }: { row: SecretRow }) {
  const key = row.key;
  if (!key) return <StatusWarning>no keys</StatusWarning>;
  if (key.exists) return <StatusOK>exists</StatusOK>;
  const optional =
    key.referencedBy.length > 0 && key.referencedBy.every(r => r.optional);
  return optional ? (
    <StatusWarning>missing (optional)</StatusWarning>
  ) : (
    <StatusError>MISSING</StatusError>
  );
}

/** The table's columns; `actions` renders the buttons of a line. */
export function secretColumns(
  secretActions: (row: SecretRow) => JSX.Element | null,
  keyActions: (row: SecretRow) => JSX.Element | null,
): TableColumn<SecretRow>[] {
  return [
    {
      title: 'Secret',
      render: row =>
        row.first ? (
          <>
            <Typography variant="body2">
              <strong>{row.secret.name}</strong>
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {SOURCES[row.secret.source]}
            </Typography>
            <div>{secretActions(row)}</div>
          </>
        ) : null,
    },
    { title: 'Key', render: row => row.key?.key ?? '' },
    {
      title: 'Status',
      render: row => (
        <span
          data-testid={`paved-secret-status-${row.secret.name}-${
            row.key?.key ?? ''
          }`}
        >
          <KeyStatus row={row} />
        </span>
      ),
    },
    {
      title: 'Referenced by',
      render: row =>
        row.key?.referencedBy.length ? (
          <>
            {row.key.referencedBy.map((r, i) => (
              <Typography variant="body2" key={i}>
                {r.workload} · {r.container}
                {r.env ? ` · ${r.env}` : ''}
                {r.optional ? ' (optional)' : ''}
              </Typography>
            ))}
          </>
        ) : (
          '—'
        ),
    },
    {
      title: 'Last changed',
      render: row =>
        row.key?.changedAt || row.key?.changedBy
          ? `${row.key.changedBy ?? 'outside Paved'}, ${formatTime(
              row.key.changedAt,
            )}`
          : '—',
    },
    {
      title: 'Rotation',
      render: row => {
        const rotation = row.secret.rotation;
        if (!rotation || !rotation.keys.some(k => k.key === row.key?.key))
          return '—';
        return `${formatEvery(rotation.every)}${
          rotation.nextRotationAt
            ? `; next ${formatTime(rotation.nextRotationAt)}`
            : ''
        }`;
      },
    },
    { title: 'Actions', sorting: false, render: row => keyActions(row) },
  ];
}
