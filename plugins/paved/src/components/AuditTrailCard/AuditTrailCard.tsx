import { Progress, Table, TableColumn } from '@backstage/core-components';
import { ErrorPanel } from '../ErrorPanel';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AuditEventView,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import { useAuditTrail } from '../../hooks/useAuditTrail';

const columns: TableColumn<AuditEventView>[] = [
  { title: 'When', render: e => new Date(e.at).toLocaleString() },
  { title: 'Who', field: 'actor' },
  { title: 'What', field: 'action' },
  {
    title: 'Where',
    render: e =>
      [e.cluster, e.namespace].filter(Boolean).join('/') || '(platform)',
  },
  { title: 'Target', field: 'target' },
  { title: 'Outcome', field: 'outcome' },
  { title: 'Message', field: 'message' },
];

const Trail = (props: { namespace?: string }) => {
  const { value, loading, error } = useAuditTrail({
    namespace: props.namespace,
    limit: 100,
  });
  if (loading) return <Progress />;
  if (error) return <ErrorPanel error={error} />;
  return (
    <Table<AuditEventView>
      title={
        props.namespace ? `Audit trail of ${props.namespace}` : 'Audit trail'
      }
      options={{
        paging: true,
        pageSize: 10,
        search: true,
        padding: 'dense',
        draggable: false,
      }}
      columns={columns}
      data={value ?? []}
      emptyContent={
        <div style={{ padding: 16 }}>
          Nothing recorded yet: applies, environment changes, cleanups and
          approval decisions appear here.
        </div>
      }
    />
  );
};

/**
 * Who changed what, where, when, and how it ended: every apply, environment create / clone / delete, cleanup
 * deletion and approval decision. Platform admins only; for others it renders nothing.
 *
 * @public
 */
export const AuditTrailCard = (props: { namespace?: string }) => {
  const { allowed, loading } = usePermission({
    permission: pavedPlatformAdminPermission,
  });
  if (loading || !allowed) return null;
  return <Trail namespace={props.namespace} />;
};
