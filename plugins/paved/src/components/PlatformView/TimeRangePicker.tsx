import { useState } from 'react';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { SIGNAL_RANGES } from '@paved/plugin-paved-common';
import {
  MAX_CUSTOM_RANGE_SECONDS,
  PlatformViewState,
  TimeRangeName,
  formatMoment,
} from './viewState';

const LABELS: Record<TimeRangeName, string> = {
  '15m': '15 m',
  '1h': '1 h',
  '6h': '6 h',
  '24h': '24 h',
  custom: 'Custom',
};

/** A unix second as a `datetime-local` input's value (the browser's time zone). */
const toInput = (seconds: number) => {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
};
const fromInput = (value: string) => {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
};

/** Why a custom range cannot be applied, or undefined when it can. */
export function customRangeProblem(
  from: number | undefined,
  to: number | undefined,
): string | undefined {
  if (from === undefined) return 'From needs a date and time';
  if (to === undefined) return 'To needs a date and time';
  if (to <= from) return 'To must be after From';
  if (to - from > MAX_CUSTOM_RANGE_SECONDS) {
    return 'A range may be at most 7 days; move From closer to To';
  }
  return undefined;
}

/**
 * The tab's one time range: last 15 minutes, hour, 6 hours, 24 hours, or a custom range; metrics, logs,
 * events and cost follow it. A moment picked on a chart is shown with a way back to the whole range.
 *
 * @public
 */
export const TimeRangePicker = (props: {
  view: PlatformViewState;
  onChange: (change: Partial<PlatformViewState>) => void;
}) => {
  const { view, onChange } = props;
  const now = Math.floor(Date.now() / 1000);
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(toInput(view.from ?? now - 3600));
  const [to, setTo] = useState(toInput(view.to ?? now));
  const problem = customRangeProblem(fromInput(from), fromInput(to));
  return (
    <div
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: 8,
      }}
      data-testid="paved-time-range"
    >
      <Typography variant="body2" component="span" id="paved-time-range-label">
        Time range
      </Typography>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={editing ? 'custom' : view.range}
        aria-labelledby="paved-time-range-label"
        onChange={(_, value: TimeRangeName | null) => {
          if (!value) return;
          if (value === 'custom') {
            setEditing(true);
            return;
          }
          setEditing(false);
          onChange({
            range: value,
            from: undefined,
            to: undefined,
            at: undefined,
          });
        }}
      >
        {[...SIGNAL_RANGES, 'custom' as const].map(r => (
          <ToggleButton key={r} value={r} aria-label={`Range ${LABELS[r]}`}>
            {LABELS[r]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {editing && (
        <>
          <TextField
            type="datetime-local"
            label="From"
            size="small"
            value={from}
            onChange={e => setFrom(e.target.value)}
            InputLabelProps={{ shrink: true }}
          />
          <TextField
            type="datetime-local"
            label="To"
            size="small"
            value={to}
            onChange={e => setTo(e.target.value)}
            InputLabelProps={{ shrink: true }}
            error={Boolean(problem)}
            helperText={problem}
          />
          <Button
            size="small"
            variant="outlined"
            disabled={Boolean(problem)}
            onClick={() => {
              setEditing(false);
              onChange({
                range: 'custom',
                from: fromInput(from),
                to: fromInput(to),
                at: undefined,
              });
            }}
          >
            Apply
          </Button>
        </>
      )}
      {view.at !== undefined && (
        <Typography variant="body2" component="span" data-testid="paved-moment">
          Logs and events around {formatMoment(view.at)} (± 1 min){' '}
          <Button size="small" onClick={() => onChange({ at: undefined })}>
            Show the whole range
          </Button>
        </Typography>
      )}
    </div>
  );
};
