import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEntityTraces } from '../../hooks/useEntityTraces';
import { formatMoment, usePlatformView } from '../PlatformView';
import { formatMicros } from '../TracesCard/waterfall';

/**
 * Evidence of failing requests: the newest failed trace through the entity's service in the last 15 minutes,
 * naming the span where the failure began, with a link that opens it. Nothing when there is none, or when the
 * user may not read the entity's traces (the Traces card says why).
 */
export const FailingTrace = () => {
  const [, setView] = usePlatformView();
  const { value } = useEntityTraces({
    range: '15m',
    status: 'error',
    limit: 1,
  });
  const trace = value?.traces[0];
  if (!trace) return null;
  const where = trace.failedSpan
    ? `in ${trace.failedSpan.service} ${trace.failedSpan.operation}${
        trace.failedSpan.message ? ` (${trace.failedSpan.message})` : ''
      }`
    : `in a service of another team`;
  return (
    <div data-testid="paved-failing-trace" style={{ marginTop: 8 }}>
      <Typography variant="subtitle2">Failing requests</Typography>
      <Typography variant="body2">
        A {trace.operation} request in {trace.environment} failed {where} at{' '}
        {formatMoment(Math.floor(trace.start / 1e6))}, after{' '}
        {formatMicros(trace.duration)}.
        <Button
          size="small"
          color="primary"
          aria-label={`Open the trace ${trace.traceId}`}
          onClick={() =>
            setView({
              trace: trace.traceId,
              environment: trace.environment,
              section: 'traces',
            })
          }
        >
          Open the trace
        </Button>
      </Typography>
    </div>
  );
};
