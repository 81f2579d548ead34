import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { EntityDiagnosis, RollbackResult } from '@paved/plugin-paved-common';
import { RollbackDialog, useComponentId } from '../Rollback';
import { relativeTime } from '../RevisionsCard/format';

/**
 * The revision that preceded a failure — who applied it, when, and what it changed that bears on it — and
 * a button that rolls the environment back to the revision before it (after a confirmation).
 */
export const DiagnosisChange = (props: {
  diagnosis: EntityDiagnosis;
  /** Called when the dialog of an applied rollback closes (the diagnosis may be gone by then). */
  onRolledBack: () => void;
}) => {
  const { diagnosis: d, onRolledBack } = props;
  const component = useComponentId();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<RollbackResult>();
  const close = () => {
    setConfirming(false);
    if (result?.status === 'applied') onRolledBack();
  };
  const change = d.change;
  if (!change) return null;
  return (
    <>
      <Typography variant="body2" aria-label="Preceding change">
        <span title={change.at}>
          {`Since revision #${change.revision} by ${
            change.actor
          } (${relativeTime(change.at)})`}
        </span>
        {change.changes.length ? `: ${change.changes.join('; ')}` : ''}
      </Typography>
      {change.rollbackTo !== undefined && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          onClick={() => setConfirming(true)}
        >
          Roll back to #{change.rollbackTo}
        </Button>
      )}
      {confirming && change.rollbackTo !== undefined && (
        <RollbackDialog
          target={{
            cluster: d.cluster,
            namespace: d.namespace,
            revision: change.rollbackTo,
          }}
          component={component}
          onClose={close}
          onDone={setResult}
        />
      )}
    </>
  );
};
