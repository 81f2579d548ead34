import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';

/**
 * A secret dialog's buttons: Cancel and the primary action until it is done, then Close alone.
 */
export const DialogButtons = (props: {
  done: boolean;
  loading: boolean;
  label: string;
  onClose: () => void;
  onSubmit: () => void;
}) => (
  <DialogActions>
    <Button onClick={props.onClose}>{props.done ? 'Close' : 'Cancel'}</Button>
    {!props.done && (
      <Button
        color="primary"
        variant="contained"
        disabled={props.loading}
        onClick={props.onSubmit}
      >
        {props.label}
      </Button>
    )}
  </DialogActions>
);
