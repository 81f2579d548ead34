import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import { GeneratedValueShape } from '@paved/plugin-paved-common';

/** A generated key and the shape of its values. */
export interface GeneratedKeyRow extends GeneratedValueShape {
  key: string;
}

const ALPHABETS: GeneratedValueShape['alphabet'][] = [
  'alphanumeric',
  'hex',
  'base64url',
];

/** The keys a rotation generates, each with its alphabet and length. */
export const GeneratedKeyRows = (props: {
  rows: GeneratedKeyRow[];
  onChange: (rows: GeneratedKeyRow[]) => void;
}) => {
  const { rows, onChange } = props;
  const update = (i: number, change: Partial<GeneratedKeyRow>) =>
    onChange(rows.map((r, j) => (i === j ? { ...r, ...change } : r)));
  return (
    <>
      {rows.map((row, i) => (
        <Box key={i} display="flex" alignItems="center" style={{ gap: 8 }}>
          <TextField
            id={`paved-rotation-key-${i}`}
            label="Generated key"
            value={row.key}
            onChange={e => update(i, { key: e.target.value.trim() })}
            margin="dense"
          />
          <TextField
            select
            id={`paved-rotation-alphabet-${i}`}
            label="Alphabet"
            value={row.alphabet}
            onChange={e =>
              update(i, {
                alphabet: e.target.value as GeneratedKeyRow['alphabet'],
              })
            }
            SelectProps={{ native: true }}
            margin="dense"
          >
            {ALPHABETS.map(a => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </TextField>
          <TextField
            id={`paved-rotation-length-${i}`}
            label="Length"
            type="number"
            value={row.length}
            onChange={e => update(i, { length: Number(e.target.value) })}
            inputProps={{ min: 16, max: 256 }}
            margin="dense"
          />
          <IconButton
            aria-label={`Stop generating ${row.key || `key ${i + 1}`}`}
            size="small"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Box>
      ))}
      <Button
        size="small"
        onClick={() =>
          onChange([...rows, { key: '', alphabet: 'alphanumeric', length: 32 }])
        }
      >
        Generate another key
      </Button>
    </>
  );
};
