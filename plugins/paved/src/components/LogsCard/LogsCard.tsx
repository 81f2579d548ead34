import { useState } from 'react';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import {
  EmptyState,
  InfoCard,
  LogViewer,
  Progress,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEntityLogs } from '../../hooks/useEntityLogs';
import { EntityLogLine } from '../../api/PavedApi';

/**
 * Lines the card asks for when it opens: about a screenful and a half. "Load older lines" asks for
 * four times as many each time, up to the backend's maximum.
 */
const INITIAL_TAIL = 30;
const MAX_TAIL = 5000;

function format(line: EntityLogLine): string {
  return `${line.time.slice(11, 19)} ${line.environment}/${line.pod} ${
    line.text
  }`;
}

/**
 * The entity's logs: environment filter, plain-text search, and a Follow switch that streams new lines.
 *
 * @public
 */
export const LogsCard = (props: { environments: string[] }) => {
  const [environment, setEnvironment] = useState('');
  const [search, setSearch] = useState('');
  const [follow, setFollow] = useState(false);
  const [tail, setTail] = useState(INITIAL_TAIL);
  const { loading, error, lines, initialCount, notice, unavailableClusters } =
    useEntityLogs(
      {
        environment: environment || undefined,
        search: search || undefined,
        tail,
      },
      follow,
    );
  // a full answer may have older lines behind it
  const more = !loading && initialCount >= tail && tail < MAX_TAIL;
  return (
    <InfoCard title="Logs" noPadding>
      <Grid container spacing={2} alignItems="center" style={{ padding: 16 }}>
        <Grid item>
          <TextField
            select
            label="Environment"
            value={environment}
            onChange={e => {
              setEnvironment(e.target.value);
              setTail(INITIAL_TAIL);
            }}
            style={{ minWidth: 160 }}
            inputProps={{ 'aria-label': 'Environment' }}
          >
            <MenuItem value="">All</MenuItem>
            {props.environments.map(env => (
              <MenuItem key={env} value={env}>
                {env}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item>
          <TextField
            label="Search"
            value={search}
            onChange={e => {
              setSearch(e.target.value);
              setTail(INITIAL_TAIL);
            }}
            inputProps={{ 'aria-label': 'Search logs', maxLength: 200 }}
          />
        </Grid>
        <Grid item>
          <FormControlLabel
            control={
              <Switch
                checked={follow}
                onChange={(_, on) => setFollow(on)}
                name="follow"
              />
            }
            label="Follow"
          />
        </Grid>
      </Grid>
      {loading && <Progress />}
      {error && <ErrorPanel error={error} />}
      <UnavailableClustersWarning clusters={unavailableClusters} />
      {notice && (
        <Typography
          variant="body2"
          component="p"
          style={{ padding: '0 16px 8px' }}
          data-testid="paved-logs-notice"
        >
          {notice}
        </Typography>
      )}
      {!loading && !error && lines.length === 0 && (
        <EmptyState
          missing="data"
          title="No log lines"
          description="No container of this entity wrote a matching line yet."
        />
      )}
      {lines.length > 0 && (
        <Typography
          variant="caption"
          component="p"
          aria-live="polite"
          style={{ padding: '0 16px 8px' }}
          data-testid="paved-logs-latest"
        >
          {lines.length} line(s){follow ? ', following' : ''}; latest:{' '}
          {format(lines[lines.length - 1])}
        </Typography>
      )}
      {more && (
        <Button
          size="small"
          style={{ margin: '0 16px 8px' }}
          onClick={() => setTail(Math.min(MAX_TAIL, tail * 4))}
        >
          Load older lines
        </Button>
      )}
      {lines.length > 0 && (
        <div style={{ height: 420 }} data-testid="paved-logs">
          <LogViewer text={lines.map(format).join('\n')} />
        </div>
      )}
    </InfoCard>
  );
};
