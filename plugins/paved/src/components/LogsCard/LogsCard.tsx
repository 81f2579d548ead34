import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  LogViewer,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEntityLogs } from '../../hooks/useEntityLogs';
import { EntityLogLine } from '../../api/PavedApi';

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
  const { loading, error, lines } = useEntityLogs(
    {
      environment: environment || undefined,
      search: search || undefined,
      tail: 300,
    },
    follow,
  );
  return (
    <InfoCard title="Logs" noPadding>
      <Grid container spacing={2} alignItems="center" style={{ padding: 16 }}>
        <Grid item>
          <TextField
            select
            label="Environment"
            value={environment}
            onChange={e => setEnvironment(e.target.value)}
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
            onChange={e => setSearch(e.target.value)}
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
      {error && <ResponseErrorPanel error={error} />}
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
      {lines.length > 0 && (
        <div style={{ height: 420 }} data-testid="paved-logs">
          <LogViewer text={lines.map(format).join('\n')} />
        </div>
      )}
    </InfoCard>
  );
};
