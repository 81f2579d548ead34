import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import { PartialClusterAnswer } from '@paved/plugin-paved-common';
import { CostNotes } from './CostParts';

/** What every cost answer has, whatever it is the cost of. */
interface CostView extends PartialClusterAnswer {
  currency: string;
  monthToDate: number;
  notes: string[];
}

/** What makes one cost card: where its cost comes from and how it is shown. */
export interface CostCardSpec<T extends CostView> {
  title: string;
  /** Loads the cost (a hook): `{ value, loading, error }`. */
  useCost: () => { value?: T; loading: boolean; error?: Error };
  /** The rows the card is about: with none of them and nothing charged this month, there is no cost yet. */
  listed: (cost: T) => unknown[];
  /** What the empty state says when the backend gives no note. */
  emptyNote: string;
  /** The card's view of a loaded cost. */
  View: (props: { cost: T }) => JSX.Element;
}

/**
 * The frame of every cost card: a titled card with the loading, error (a refusal says so, with the reason)
 * and empty states, and once the cost has loaded the card's view followed by the answer's notes.
 */
function CostFrame<T extends CostView>(props: {
  spec: CostCardSpec<T>;
  state: { value?: T; loading: boolean; error?: Error };
}) {
  const { spec } = props;
  const { value, loading, error } = props.state;
  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <ErrorPanel error={error} notAllowedTitle="You may not see this cost" />
    );
  } else if (
    !value ||
    (value.monthToDate === 0 && spec.listed(value).length === 0)
  ) {
    body = (
      <EmptyState
        missing="data"
        title="No cost yet"
        description={
          <CostNotes
            notes={value?.notes.length ? value.notes : [spec.emptyNote]}
          />
        }
      />
    );
  } else {
    body = (
      <>
        <spec.View cost={value} />
        <CostNotes notes={value.notes} />
      </>
    );
  }
  return (
    <InfoCard
      title={spec.title}
      subheader={value ? `This month, in ${value.currency}` : undefined}
    >
      {!loading && !error && (
        <UnavailableClustersWarning clusters={value?.unavailableClusters} />
      )}
      {body}
    </InfoCard>
  );
}

/** A cost card component made from its spec. */
export function createCostCard<T extends CostView>(
  spec: CostCardSpec<T>,
): () => JSX.Element {
  return () => <CostFrame spec={spec} state={spec.useCost()} />;
}
