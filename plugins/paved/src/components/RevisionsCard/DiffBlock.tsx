/** A unified diff as monospace text in a scrollable block, or `No changes` when it is empty. */
export const DiffBlock = (props: { diff: string; label: string }) => (
  <pre
    aria-label={props.label}
    style={{
      maxHeight: 480,
      overflow: 'auto',
      fontSize: 12,
      fontFamily: 'monospace',
      margin: 0,
    }}
  >
    {props.diff || 'No changes'}
  </pre>
);
