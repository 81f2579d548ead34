import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/**
 * The environment filter of a card: "All" or one of `environments` (the one in the view is offered even when
 * the list lacks it, e.g. from a shared link).
 *
 * @public
 */
export const EnvironmentSelect = (props: {
  environments: string[];
  environment?: string;
  onEnvironment: (environment: string | undefined) => void;
}) => {
  const environments =
    props.environment && !props.environments.includes(props.environment)
      ? [...props.environments, props.environment]
      : props.environments;
  return (
    <TextField
      select
      label="Environment"
      value={props.environment ?? ''}
      onChange={e => props.onEnvironment(e.target.value || undefined)}
      style={{ minWidth: 160 }}
      inputProps={{ 'aria-label': 'Environment' }}
    >
      <MenuItem value="">All</MenuItem>
      {environments.map(env => (
        <MenuItem key={env} value={env}>
          {env}
        </MenuItem>
      ))}
    </TextField>
  );
};
