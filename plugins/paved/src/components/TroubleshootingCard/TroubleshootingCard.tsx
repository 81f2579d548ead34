import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { useEntityDiagnoses } from '../../hooks/useEntityDiagnoses';
import { SECRETS_CARD_ANCHOR } from '../SecretsCard';
import { waitsForSecret } from './waitsForSecret';
import { DiagnosisChange } from './DiagnosisChange';
import { useTheme } from '@material-ui/core/styles';
import {
  CopyLinkButton,
  usePlatformView,
  useScrollToLinked,
} from '../PlatformView';
import { diagnosisId } from './diagnosisId';
import { FailingTrace } from './FailingTrace';

/**
 * Why the entity's pods or rollouts are unhealthy — crash loops with their last log lines, out-of-memory
 * kills with a suggested limit, image pulls, scheduling, quota, probes, stuck rollouts — and how to fix it.
 *
 * @public
 */
export const TroubleshootingCard = () => {
  const { value, loading, error, retry } = useEntityDiagnoses();
  const [view] = usePlatformView();
  const theme = useTheme();
  useScrollToLinked('[data-linked-diagnosis="true"]', view.diagnosis, value);
  return (
    <InfoCard title="Troubleshooting">
      {loading && <Progress />}
      {error && <ErrorPanel error={error} />}
      <UnavailableClustersWarning clusters={value?.unavailableClusters} />
      {value && value.diagnoses.length === 0 && (
        <EmptyState
          missing="data"
          title="Nothing to fix"
          description="Every pod and rollout of this entity is healthy."
        />
      )}
      {value?.diagnoses.map((d, i) => {
        const linked = view.diagnosis === diagnosisId(d);
        return (
          <div
            key={i}
            style={{
              marginBottom: 16,
              ...(linked
                ? {
                    outline: `2px solid ${theme.palette.primary.main}`,
                    outlineOffset: 4,
                  }
                : {}),
            }}
            data-testid="paved-diagnosis"
            data-linked-diagnosis={linked ? 'true' : undefined}
            aria-current={linked ? 'true' : undefined}
          >
            <Typography variant="subtitle2">
              <Chip size="small" label={d.kind} style={{ marginRight: 8 }} />
              {d.object.kind} {d.object.name}
              {d.container ? ` / ${d.container}` : ''} in {d.environment}
              <CopyLinkButton
                what="this diagnosis"
                change={{
                  diagnosis: diagnosisId(d),
                  section: 'troubleshooting',
                }}
              />
            </Typography>
            <Typography variant="body2">{d.cause}</Typography>
            <Typography variant="body2">
              <strong>Fix:</strong> {d.fix}
            </Typography>
            <DiagnosisChange diagnosis={d} onRolledBack={retry} />
            {waitsForSecret(d) && (
              <Typography variant="body2">
                <Link href={`#${SECRETS_CARD_ANCHOR}`}>
                  Set it on the Secrets card
                </Link>
              </Typography>
            )}
            {d.lastLogLines && d.lastLogLines.length > 0 && (
              <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
                {d.lastLogLines.join('\n')}
              </pre>
            )}
          </div>
        );
      })}
      {value && <FailingTrace />}
    </InfoCard>
  );
};
