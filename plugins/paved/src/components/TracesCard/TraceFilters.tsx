import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { EnvironmentSelect } from '../PlatformView';

/** The minimum durations the Traces card offers, in milliseconds (0: any). */
export const MIN_DURATIONS_MS = [0, 50, 100, 500, 1000] as const;

function durationLabel(ms: number): string {
  if (ms === 0) return 'Any';
  return ms >= 1000 ? `≥ ${ms / 1000} s` : `≥ ${ms} ms`;
}

/** What the Traces card's filters show and change. */
export interface TraceFiltersProps {
  environments: string[];
  environment?: string;
  onEnvironment: (environment: string | undefined) => void;
  status: 'all' | 'error';
  onStatus: (status: 'all' | 'error') => void;
  minDurationMs: number;
  onMinDuration: (ms: number) => void;
  /** Operations of the entity's spans seen in the list, to pick one. */
  operations: string[];
  operation?: string;
  onOperation: (operation: string | undefined) => void;
}

/** The Traces card's filters: environment, status, minimum duration and operation. */
export const TraceFilters = (props: TraceFiltersProps) => {
  const operations =
    props.operation && !props.operations.includes(props.operation)
      ? [...props.operations, props.operation]
      : props.operations;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, padding: 16 }}>
      <EnvironmentSelect
        environments={props.environments}
        environment={props.environment}
        onEnvironment={props.onEnvironment}
      />
      <TextField
        select
        label="Status"
        value={props.status}
        onChange={e => props.onStatus(e.target.value as 'all' | 'error')}
        style={{ minWidth: 140 }}
        inputProps={{ 'data-testid': 'paved-trace-status' }}
      >
        <MenuItem value="all">All traces</MenuItem>
        <MenuItem value="error">Failed only</MenuItem>
      </TextField>
      <TextField
        select
        label="Minimum duration"
        value={props.minDurationMs}
        onChange={e => props.onMinDuration(Number(e.target.value))}
        style={{ minWidth: 160 }}
      >
        {MIN_DURATIONS_MS.map(ms => (
          <MenuItem key={ms} value={ms}>
            {durationLabel(ms)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Operation"
        value={props.operation ?? ''}
        onChange={e => props.onOperation(e.target.value || undefined)}
        style={{ minWidth: 220 }}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">Any operation</MenuItem>
        {operations.map(op => (
          <MenuItem key={op} value={op}>
            {op}
          </MenuItem>
        ))}
      </TextField>
    </div>
  );
};
