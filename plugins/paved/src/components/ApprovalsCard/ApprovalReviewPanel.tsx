import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ApprovalReview } from '@paved/plugin-paved-common';

/** The review in a 409 answer to an approval, when the backend asks for a second confirmation. */
export function reviewOf(error: unknown): ApprovalReview | undefined {
  const review = (error as { body?: { error?: { review?: unknown } } })?.body
    ?.error?.review as ApprovalReview | undefined;
  return review && typeof review.digest === 'string' ? review : undefined;
}

/**
 * What approving would do now, by the approver's own dry run, when it is not what was requested or removes
 * fields: the reasons, the new diff, and a button that approves exactly this diff.
 */
export const ApprovalReviewPanel = (props: {
  review: ApprovalReview;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) => {
  const { review, busy, onConfirm, onCancel } = props;
  return (
    <Box
      mt={1}
      p={1}
      border={1}
      borderColor="warning.main"
      borderRadius={4}
      role="region"
      aria-label="Approval needs confirmation"
    >
      <Typography variant="subtitle2">
        Nothing was applied: approving now does something else than what was
        requested
      </Typography>
      {review.changedSinceRequest && (
        <Typography variant="body2">
          The live objects changed since the request; the diff below is your own
          dry run against them now.
        </Typography>
      )}
      {review.removedFields.length > 0 && (
        <>
          <Typography variant="body2">
            It removes {review.removedFields.length} field(s) from live objects:
          </Typography>
          <ul aria-label="Removed fields" style={{ margin: 0 }}>
            {review.removedFields.map(f => (
              <li key={f}>
                <Typography variant="body2">{f}</Typography>
              </li>
            ))}
          </ul>
        </>
      )}
      {review.force && (
        <Typography variant="body2" color="error">
          With force: it takes over fields other field managers own.
        </Typography>
      )}
      <pre
        style={{ maxHeight: 240, overflow: 'auto', fontSize: 12 }}
        aria-label="New diff"
      >
        {review.diff || 'No changes'}
      </pre>
      <Button
        color="primary"
        variant="contained"
        size="small"
        disabled={busy}
        onClick={onConfirm}
      >
        Approve this diff
      </Button>{' '}
      <Button size="small" disabled={busy} onClick={onCancel}>
        Cancel
      </Button>
    </Box>
  );
};
