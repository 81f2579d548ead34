import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';

/** Whether every key has a value typed for it. */
export function everyValueGiven(
  keys: string[],
  values: Record<string, string>,
): boolean {
  return keys.every(k => (values[k] ?? '') !== '');
}

/**
 * The values an approving lead enters for a request to set secret keys: the request holds the keys only,
 * so approving needs the values again. Password fields; the values go with the decision and nowhere else.
 */
export const SecretApprovalValues = (props: {
  requestId: string;
  secret: { name: string; keys: string[] };
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) => {
  const { requestId, secret, values, onChange } = props;
  return (
    <Box my={1} role="group" aria-label={`Values for ${secret.name}`}>
      <Typography variant="body2">
        The request holds the keys only. Enter the value of each key of{' '}
        {secret.name} to approve; it goes to the cluster and is not kept.
      </Typography>
      {secret.keys.map(key => (
        <TextField
          key={key}
          id={`paved-approval-${requestId}-value-${key}`}
          label={`Value of ${key}`}
          type="password"
          value={values[key] ?? ''}
          onChange={e => onChange({ ...values, [key]: e.target.value })}
          margin="dense"
          fullWidth
          inputProps={{ autoComplete: 'new-password', spellCheck: false }}
        />
      ))}
    </Box>
  );
};
