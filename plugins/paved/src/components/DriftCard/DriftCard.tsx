import { useState } from 'react';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { RollbackResult } from '@paved/plugin-paved-common';
import { useEntityDrift } from '../../hooks/useEntityDrift';
import { ErrorPanel } from '../ErrorPanel';
import { RollbackResultAlert, useComponentId } from '../Rollback';
import { DriftedObjectItem } from './DriftedObjectItem';

/**
 * The anchor of the Drift card on a page: other cards link to `#paved-drift`.
 *
 * @public
 */
export const DRIFT_CARD_ANCHOR = 'paved-drift';

/**
 * The fields of the entity's workloads that differ from the last revision Paved applied — changed with
 * `kubectl scale`, `kubectl set env` or any other tool — naming the field manager that changed each and
 * when, with a button per object that re-applies the revision.
 *
 * @public
 */
export const DriftCard = () => {
  const { value, loading, error, retry } = useEntityDrift();
  const component = useComponentId();
  const [reapplied, setReapplied] = useState<RollbackResult>();
  const onReapplied = (result: RollbackResult) => {
    setReapplied(result);
    if (result.status === 'applied') retry();
  };

  let body: JSX.Element;
  // a reload keeps the last answer (and each object's re-apply result) on screen
  if (loading && !value) body = <Progress />;
  else if (error && !value)
    body = (
      <ErrorPanel error={error} notAllowedTitle="You may not see this drift" />
    );
  else
    body = (
      <>
        {reapplied && (
          <RollbackResultAlert result={reapplied} verb="Re-applied" />
        )}
        {value?.notes.map(note => (
          <WarningPanel
            key={note}
            severity="warning"
            title="Some environments could not be compared"
            message={note}
          />
        ))}
        {!value || value.objects.length === 0 ? (
          <Typography variant="body2">
            No drift: every workload matches the last revision Paved applied.
          </Typography>
        ) : (
          value.objects.map(o => (
            <DriftedObjectItem
              key={`${o.cluster}/${o.namespace}/${o.kind}/${o.name}`}
              object={o}
              component={component}
              onReapplied={onReapplied}
            />
          ))
        )}
      </>
    );

  return (
    <div id={DRIFT_CARD_ANCHOR}>
      <InfoCard
        title="Drift"
        subheader="Changes made outside Paved since its last revision"
      >
        {body}
      </InfoCard>
    </div>
  );
};
