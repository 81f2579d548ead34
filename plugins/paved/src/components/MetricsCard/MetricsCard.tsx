import { useState } from 'react';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import { InfoCard, Progress, TableColumn } from '@backstage/core-components';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  EntityPodUsage,
  GoldenSignal,
  SIGNAL_RANGES,
} from '@paved/plugin-paved-common';
import {
  useCurrentMetrics,
  useGoldenSignals,
} from '../../hooks/useEntityMetrics';
import { DenseTable } from '../DenseTable';
import { Sparkline } from './Sparkline';

const SIGNALS: Array<{
  key: GoldenSignal;
  title: string;
  format: (v: number) => string;
}> = [
  { key: 'requestRate', title: 'Requests', format: v => `${v.toFixed(2)}/s` },
  {
    key: 'errorRatio',
    title: 'Errors',
    format: v => `${(v * 100).toFixed(2)} %`,
  },
  { key: 'p50', title: 'p50', format: v => `${(v * 1000).toFixed(0)} ms` },
  { key: 'p95', title: 'p95', format: v => `${(v * 1000).toFixed(0)} ms` },
  { key: 'p99', title: 'p99', format: v => `${(v * 1000).toFixed(0)} ms` },
];

const podColumns: TableColumn<EntityPodUsage>[] = [
  { title: 'Environment', field: 'environment' },
  { title: 'Pod', field: 'pod' },
  { title: 'CPU', render: p => `${p.cpuMillicores.toFixed(0)}m` },
  {
    title: 'Memory',
    render: p => `${(p.memoryBytes / 1024 ** 2).toFixed(0)} MiB`,
  },
];

type SignalRange = (typeof SIGNAL_RANGES)[number];

function GoldenSignals({ range }: { range: SignalRange }) {
  const { value, loading, error } = useGoldenSignals(range);
  if (loading) return <Progress />;
  if (error) return <ErrorPanel error={error} />;
  const series = value?.series ?? [];
  const missing = (
    <UnavailableClustersWarning clusters={value?.unavailableClusters} />
  );
  const environments = [...new Set(series.map(s => s.environment))];
  if (environments.length === 0) {
    return (
      <>
        {missing}
        <Typography>
          No request metrics for this entity in this range.
        </Typography>
      </>
    );
  }
  return (
    <>
      {missing}
      <table
        style={{ width: '100%', borderCollapse: 'collapse' }}
        data-testid="paved-golden-signals"
      >
        <thead>
          <tr>
            <th style={{ textAlign: 'left' }}>Environment</th>
            {SIGNALS.map(s => (
              <th key={s.key} style={{ textAlign: 'left' }}>
                {s.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {environments.map(env => (
            <tr key={env}>
              <td>{env}</td>
              {SIGNALS.map(s => {
                const points =
                  series.find(v => v.environment === env && v.signal === s.key)
                    ?.points ?? [];
                const last = points.at(-1)?.[1];
                return (
                  <td key={s.key}>
                    <div>{last === undefined ? '—' : s.format(last)}</div>
                    <Sparkline points={points} label={`${s.title} in ${env}`} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * CPU and memory of the entity's pods now, and its golden signals over a chosen range.
 *
 * @public
 */
export const MetricsCard = () => {
  const [range, setRange] = useState<SignalRange>('1h');
  const current = useCurrentMetrics();
  return (
    <InfoCard
      title="Metrics"
      action={
        <TextField
          select
          label="Range"
          value={range}
          onChange={e => setRange(e.target.value as SignalRange)}
          inputProps={{ 'aria-label': 'Range' }}
        >
          {SIGNAL_RANGES.map(r => (
            <MenuItem key={r} value={r}>
              {r}
            </MenuItem>
          ))}
        </TextField>
      }
    >
      <GoldenSignals range={range} />
      {current.loading && <Progress />}
      {current.error && <ErrorPanel error={current.error} />}
      {current.value && (
        <>
          <UnavailableClustersWarning
            clusters={current.value.unavailableClusters?.filter(
              // a cluster the signals' warning already names is not named twice
              c => c.kind !== 'prometheus-unreachable',
            )}
          />
          <DenseTable<EntityPodUsage>
            title="Pods now"
            columns={podColumns}
            data={current.value.pods}
          />
        </>
      )}
    </InfoCard>
  );
};
