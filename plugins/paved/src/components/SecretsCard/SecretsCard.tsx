import { useState } from 'react';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EnvironmentSecretsView, SecretView } from '@paved/plugin-paved-common';
import { useEntitySecrets } from '../../hooks/useEntitySecrets';
import { ErrorPanel } from '../ErrorPanel';
import { EnvironmentSecrets } from './EnvironmentSecrets';
import { RotateNowDialog } from './RotateNowDialog';
import { RotationDialog } from './RotationDialog';
import { SetValuesDialog, ValuesTarget } from './SetValuesDialog';

/** A Secret and the environment it is in. */
interface SecretOfEnvironment {
  env: EnvironmentSecretsView;
  secret: SecretView;
}

/**
 * The anchor of the Secrets card on a page: other cards link to `#paved-secrets`.
 *
 * @public
 */
export const SECRETS_CARD_ANCHOR = 'paved-secrets';

/**
 * The secrets of the entity's environments (a component's, or every environment of a team on its group
 * page): per environment, which keys the workloads read and which exist, who changed them and when, and
 * their rotation — never a value. Developers set values write-only; in protected environments their change
 * becomes a request a team lead approves.
 *
 * @public
 */
export const SecretsCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useEntitySecrets();
  const [valuesTarget, setValuesTarget] = useState<ValuesTarget>();
  const [rotation, setRotation] = useState<SecretOfEnvironment>();
  const [rotateNow, setRotateNow] = useState<SecretOfEnvironment>();

  let body: JSX.Element;
  // a reload keeps the last answer on screen, so an open dialog stays open
  if (loading && !value) body = <Progress />;
  else if (error && !value)
    body = (
      <ErrorPanel
        error={error}
        notAllowedTitle="You may not see these secrets"
      />
    );
  else if (!value || value.environments.length === 0)
    body = (
      <EmptyState
        missing="data"
        title="No environments yet"
        description="Secrets are listed per environment once this runs in one of its team's environments. No workload references a secret and none exists."
      />
    );
  else
    body = (
      <>
        {value.environments.map(env => (
          <EnvironmentSecrets
            key={`${env.cluster}/${env.namespace}`}
            env={env}
            actions={{
              onSetValues: setValuesTarget,
              onRotation: (e, secret) => setRotation({ env: e, secret }),
              onRotateNow: (e, secret) => setRotateNow({ env: e, secret }),
              onChanged: retry,
            }}
          />
        ))}
      </>
    );

  return (
    <div id={SECRETS_CARD_ANCHOR}>
      <InfoCard
        title="Secrets"
        subheader="Values are write-only: set or replace them here; nobody reads them back through Paved"
      >
        {body}
      </InfoCard>
      {valuesTarget && (
        <SetValuesDialog
          target={valuesTarget}
          entityRef={entityRef}
          onClose={() => setValuesTarget(undefined)}
          onSaved={retry}
        />
      )}
      {rotation && (
        <RotationDialog
          env={rotation.env}
          secret={rotation.secret}
          onClose={() => setRotation(undefined)}
          onSaved={retry}
        />
      )}
      {rotateNow && (
        <RotateNowDialog
          env={rotateNow.env}
          secret={rotateNow.secret}
          entityRef={entityRef}
          onClose={() => setRotateNow(undefined)}
          onRotated={retry}
        />
      )}
    </div>
  );
};
