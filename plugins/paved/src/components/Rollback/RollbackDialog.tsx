import { useState } from 'react';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { RollbackResult } from '@paved/plugin-paved-common';
import { RevisionPlace } from '../../api/PavedApi';
import { useRollback } from '../../hooks/useRollback';
import { DialogButtons } from '../SecretsCard/DialogButtons';
import { RollbackResultAlert } from './RollbackResultAlert';

/**
 * "Roll back": says what rolling the environment back to a revision does, takes an optional note for the
 * team lead (a rollback of a protected environment becomes a change request), then rolls back the
 * component's objects and shows the result.
 */
export const RollbackDialog = (props: {
  /** The revision to restore. */
  target: RevisionPlace;
  /** The component whose objects are restored (`backstage.io/kubernetes-id`); all of them when absent. */
  component?: string;
  /** How many objects restoring the revision re-applies, when known. */
  objects?: number;
  onClose: () => void;
  /** Called with the result once the rollback answered. */
  onDone: (result: RollbackResult) => void;
}) => {
  const { target, component, objects, onClose, onDone } = props;
  const [note, setNote] = useState('');
  const [{ loading, error, value: result }, rollback] = useRollback();
  const what =
    objects === undefined
      ? 'its objects'
      : `its ${objects} object${objects === 1 ? '' : 's'}`;

  const confirm = async () => {
    const done = await rollback(target, {
      ...(component ? { component } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    }).catch(() => undefined);
    if (done) onDone(done);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="paved-rollback-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="paved-rollback-title">
        Roll back {target.namespace} to revision #{target.revision}?
      </DialogTitle>
      <DialogContent>
        {result ? (
          <RollbackResultAlert result={result} />
        ) : (
          <>
            <Typography variant="body2" paragraph>
              Roll back {target.namespace} to revision #{target.revision}:
              re-applies {what}, removes objects later revisions added, waits
              for the rollout.
            </Typography>
            <TextField
              id="paved-rollback-note"
              label="Note for the team lead (optional)"
              helperText="Sent with the change request when this environment needs a team lead's approval, e.g. the incident or change number"
              value={note}
              onChange={e => setNote(e.target.value)}
              disabled={loading}
              inputProps={{ maxLength: 2000 }}
              multiline
              fullWidth
            />
          </>
        )}
        {loading && (
          <>
            <Typography variant="caption">
              Rolling back and waiting for the rollout…
            </Typography>
            <LinearProgress />
          </>
        )}
        {error && <Alert severity="error">{error.message}</Alert>}
      </DialogContent>
      <DialogButtons
        done={!!result}
        loading={loading}
        label="Roll back"
        onClose={onClose}
        onSubmit={confirm}
      />
    </Dialog>
  );
};
