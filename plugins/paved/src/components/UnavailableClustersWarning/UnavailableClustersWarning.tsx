import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  UnavailableCluster,
  UnavailableClusterKind,
} from '@paved/plugin-paved-common';

const WHY: Record<UnavailableClusterKind, string> = {
  timeout: 'did not answer in time',
  unreachable: 'is unreachable',
  forbidden: "refused Paved's credentials",
  'circuit-open': 'failed repeatedly and is not asked again for a while',
  'prometheus-unreachable': 'has no reachable Prometheus',
  'trace-store-unreachable': 'has no reachable trace store',
};

/** The warning's title: the missing cluster and why, or how many are missing. */
export function unavailableTitle(clusters: UnavailableCluster[]): string {
  if (clusters.length > 1) {
    return `${clusters.length} clusters are missing here: ${clusters
      .map(c => c.cluster)
      .join(', ')}`;
  }
  const [{ cluster, kind }] = clusters;
  if (kind === 'prometheus-unreachable') {
    return `Prometheus of cluster ${cluster} unreachable`;
  }
  if (kind === 'trace-store-unreachable') {
    return `Trace store of cluster ${cluster} unreachable`;
  }
  return `Cluster ${cluster} ${WHY[kind]}; its part is missing here`;
}

/**
 * A warning naming the clusters whose part of an answer is missing and why (the answer's
 * `unavailableClusters`); nothing when every cluster answered. The card shows the other clusters' data below
 * it, never an error page because one cluster is down.
 *
 * @public
 */
export const UnavailableClustersWarning = (props: {
  clusters?: UnavailableCluster[];
}) => {
  const clusters = props.clusters ?? [];
  if (clusters.length === 0) return null;
  return (
    <div style={{ marginBottom: 16 }} data-testid="paved-unavailable-clusters">
      <WarningPanel
        severity="warning"
        title={unavailableTitle(clusters)}
        defaultExpanded={clusters.length === 1}
      >
        {clusters.map(c => (
          <Typography key={c.cluster} variant="body2" paragraph>
            <strong>{c.cluster}</strong> {WHY[c.kind]}: {c.reason}
          </Typography>
        ))}
      </WarningPanel>
    </div>
  );
};
