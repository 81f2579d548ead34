import Button from '@material-ui/core/Button';
import { useState } from 'react';

/** A change request's diff behind a Show / Hide toggle, open at first when `open`. */
export const RequestDiff = (props: { diff: string; open: boolean }) => {
  const [shown, setShown] = useState(props.open);
  return (
    <>
      <Button size="small" onClick={() => setShown(s => !s)}>
        {shown ? 'Hide diff' : 'Show diff'}
      </Button>
      {shown && (
        <pre
          style={{ maxHeight: 280, overflow: 'auto', fontSize: 12 }}
          aria-label="Diff"
        >
          {props.diff || 'No changes'}
        </pre>
      )}
    </>
  );
};
