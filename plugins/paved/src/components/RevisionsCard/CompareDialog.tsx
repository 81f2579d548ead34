import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { EnvironmentRef } from '../../api/PavedApi';
import { useRevisionDiff } from '../../hooks/useRevisionDiff';
import { ErrorPanel } from '../ErrorPanel';
import { DiffBlock } from './DiffBlock';

/** The difference between two revisions of one environment: their manifests as a unified diff. */
export const CompareDialog = (props: {
  environment: EnvironmentRef;
  from: number;
  to: number;
  onClose: () => void;
}) => {
  const { environment, from, to, onClose } = props;
  const { value, loading, error } = useRevisionDiff(environment, from, to);
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="paved-revision-compare-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="paved-revision-compare-title">
        {environment.namespace}: revision #{from} → #{to}
      </DialogTitle>
      <DialogContent>
        {loading && <Progress />}
        {error && <ErrorPanel error={error} />}
        {value && (
          <DiffBlock diff={value.diff} label={`Diff of #${from} and #${to}`} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
