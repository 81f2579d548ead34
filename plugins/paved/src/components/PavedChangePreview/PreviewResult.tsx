import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Alert } from '@material-ui/lab';
import { ChangePreview } from '@paved/plugin-paved-common';
import { ChangeImpactView } from '../ApprovalsCard/ChangeImpactView';
import { CostForecastView } from './CostForecastView';

/**
 * What a previewed change would do: the approval it needs, each object's result, the blast radius, the cost
 * forecast, warnings and the diff (collapsed).
 */
export const PreviewResult = (props: {
  preview: ChangePreview;
  namespace: string;
}) => {
  const { preview, namespace } = props;
  const { impact } = preview;
  return (
    <Box mt={1}>
      {preview.needsApproval && (
        <Alert severity="info">
          A team lead approves this change: creating it makes a change request
          for {namespace}, and nothing is applied until it is approved.
        </Alert>
      )}
      <Box my={1} role="region" aria-label="Objects">
        <Typography variant="subtitle2">Objects</Typography>
        <ul style={{ margin: 0 }}>
          {preview.results.map(r => (
            <li key={`${r.kind}/${r.name}`}>
              <Typography variant="body2">
                {`${r.kind} ${r.name}: ${r.result}`}
              </Typography>
            </li>
          ))}
        </ul>
      </Box>
      {impact && <ChangeImpactView impact={{ ...impact, cost: undefined }} />}
      {impact?.cost && <CostForecastView cost={impact.cost} />}
      {preview.warnings.length > 0 && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          <ul aria-label="Warnings" style={{ margin: 0, paddingLeft: 16 }}>
            {preview.warnings.map(w => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Accordion style={{ marginTop: 8 }}>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="subtitle2">Diff</Typography>
        </AccordionSummary>
        <AccordionDetails>
          {preview.diff ? (
            <pre
              aria-label="Diff"
              style={{
                fontFamily: 'monospace',
                fontSize: 12,
                margin: 0,
                overflowX: 'auto',
                whiteSpace: 'pre',
              }}
            >
              {preview.diff}
            </pre>
          ) : (
            <Typography variant="body2">
              No live object changes: everything is as it is already.
            </Typography>
          )}
        </AccordionDetails>
      </Accordion>
    </Box>
  );
};
