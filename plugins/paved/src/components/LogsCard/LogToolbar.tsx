import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import GetAppIcon from '@material-ui/icons/GetApp';
import { EnvironmentSelect, LOG_LEVELS, LogLevel } from '../PlatformView';

/** What the logs toolbar shows and changes; each `on…` is called with the new value. */
export interface LogToolbarProps {
  environments: string[];
  environment?: string;
  onEnvironment: (environment: string | undefined) => void;
  search: string;
  onSearch: (search: string) => void;
  /** Levels shown; all when empty. */
  levels: LogLevel[];
  /** Lines of each level among those the field filter lets through. */
  levelCounts: Record<LogLevel, number>;
  onLevels: (levels: LogLevel[]) => void;
  fields: string;
  onFields: (fields: string) => void;
  /** What is wrong with the field filter, in words. */
  fieldsProblem?: string;
  wrap: boolean;
  onWrap: (wrap: boolean) => void;
  follow: boolean;
  onFollow: (follow: boolean) => void;
  /** Why Follow cannot be turned on; it is enabled when undefined. */
  followUnavailable?: string;
  onDownload: () => void;
  /** How many lines a download holds. */
  downloadCount: number;
}

/**
 * The logs' controls: environment, server-side search, level and field filters, Wrap, Follow and
 * Download.
 */
export const LogToolbar = (props: LogToolbarProps) => {
  return (
    <div
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'flex-start',
        gap: 16,
        padding: 16,
      }}
    >
      <EnvironmentSelect
        environments={props.environments}
        environment={props.environment}
        onEnvironment={props.onEnvironment}
      />
      <TextField
        label="Search"
        value={props.search}
        onChange={e => props.onSearch(e.target.value)}
        helperText="Lines containing this text"
        inputProps={{ 'aria-label': 'Search logs', maxLength: 200 }}
      />
      <TextField
        label="Fields"
        value={props.fields}
        onChange={e => props.onFields(e.target.value)}
        placeholder="status=503 request_id=abc"
        error={props.fieldsProblem !== undefined}
        helperText={props.fieldsProblem ?? 'key=value, or any word'}
        style={{ minWidth: 260 }}
        inputProps={{
          'aria-label': 'Filter by fields',
          maxLength: 200,
          spellCheck: false,
        }}
      />
      <div>
        <ToggleButtonGroup
          size="small"
          value={props.levels}
          onChange={(_, levels: LogLevel[]) => props.onLevels(levels)}
          aria-label="Filter by level"
        >
          {LOG_LEVELS.map(level => (
            <ToggleButton
              key={level}
              value={level}
              style={{ textTransform: 'none' }}
              // the visible words first, so that a spoken name matches what is seen
              aria-label={`${level} ${props.levelCounts[level]} lines`}
            >
              {level}{' '}
              <span style={{ opacity: 0.8 }}>{props.levelCounts[level]}</span>
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <div
          style={{ fontSize: 12, marginTop: 4 }}
          data-testid="paved-logs-levels"
        >
          {props.levels.length
            ? `Levels: ${props.levels.join(', ')}`
            : 'All levels'}
        </div>
      </div>
      <FormControlLabel
        control={
          <Switch
            checked={props.wrap}
            onChange={(_, on) => props.onWrap(on)}
            name="wrap"
          />
        }
        label="Wrap"
      />
      <Tooltip title={props.followUnavailable ?? ''}>
        <span>
          <FormControlLabel
            control={
              <Switch
                checked={props.follow}
                onChange={(_, on) => props.onFollow(on)}
                name="follow"
                disabled={props.followUnavailable !== undefined}
              />
            }
            label="Follow"
          />
        </span>
      </Tooltip>
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        onClick={props.onDownload}
        disabled={props.downloadCount === 0}
        aria-label={`Download ${props.downloadCount} shown line(s)`}
        style={{ marginTop: 8 }}
      >
        Download
      </Button>
    </div>
  );
};
