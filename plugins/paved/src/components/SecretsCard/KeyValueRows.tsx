import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';

/** One key and the value typed for it. */
export interface ValueRow {
  key: string;
  value: string;
}

const KEY = /^[-._a-zA-Z0-9]+$/;

/** What keeps the rows from being sent, or undefined when every row has a valid key and a value. */
export function rowsProblem(rows: ValueRow[]): string | undefined {
  const bad = rows.find(r => !KEY.test(r.key));
  if (bad)
    return `Name each key with letters, digits, "-", "_" and "." (e.g. password), not "${bad.key}"`;
  const keys = rows.map(r => r.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) return `The key ${twice} is listed twice`;
  const empty = rows.find(r => r.value === '');
  if (empty) return `Give the value of ${empty.key}`;
  return undefined;
}

/**
 * Key names and password fields for their values. The value fields never echo their content
 * (`type="password"`) and ask the browser not to fill in saved passwords.
 */
export const KeyValueRows = (props: {
  rows: ValueRow[];
  /** The keys are given (setting existing keys); otherwise the user names them and may add more. */
  fixedKeys: boolean;
  onChange: (rows: ValueRow[]) => void;
}) => {
  const { rows, fixedKeys, onChange } = props;
  const update = (i: number, change: Partial<ValueRow>) =>
    onChange(rows.map((r, j) => (i === j ? { ...r, ...change } : r)));
  return (
    <>
      {rows.map((row, i) => (
        <Box key={i} display="flex" alignItems="center" style={{ gap: 8 }}>
          {!fixedKeys && (
            <TextField
              id={`paved-secret-key-${i}`}
              label="Key"
              value={row.key}
              onChange={e => update(i, { key: e.target.value.trim() })}
              margin="dense"
              required
            />
          )}
          <TextField
            id={`paved-secret-value-${i}`}
            label={row.key ? `Value of ${row.key}` : 'Value'}
            type="password"
            value={row.value}
            onChange={e => update(i, { value: e.target.value })}
            margin="dense"
            required
            fullWidth
            inputProps={{ autoComplete: 'new-password', spellCheck: false }}
          />
          {!fixedKeys && rows.length > 1 && (
            <IconButton
              aria-label={`Remove key ${row.key || i + 1}`}
              size="small"
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          )}
        </Box>
      ))}
      {!fixedKeys && (
        <Button
          size="small"
          onClick={() => onChange([...rows, { key: '', value: '' }])}
        >
          Another key
        </Button>
      )}
    </>
  );
};
