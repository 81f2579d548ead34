import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { RevisionPlace } from '../../api/PavedApi';
import { useRevision } from '../../hooks/useRevision';
import { ErrorPanel } from '../ErrorPanel';
import { DiffBlock } from './DiffBlock';

/** The diff a revision's dry run showed when it was applied (live objects against the change). */
export const RevisionDiffDialog = (props: {
  revision: RevisionPlace;
  onClose: () => void;
}) => {
  const { revision, onClose } = props;
  const { value, loading, error } = useRevision(revision);
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="paved-revision-diff-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="paved-revision-diff-title">
        Revision #{revision.revision} of {revision.namespace}
      </DialogTitle>
      <DialogContent>
        {loading && <Progress />}
        {error && <ErrorPanel error={error} />}
        {value && (
          <DiffBlock
            diff={value.diff}
            label={`Diff of revision #${revision.revision}`}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
