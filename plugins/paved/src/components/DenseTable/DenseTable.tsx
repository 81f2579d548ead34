import { Table, TableProps } from '@backstage/core-components';

/** The options of every short table on a card: all rows at once, no search, dense rows. */
const DENSE_OPTIONS = {
  paging: false,
  search: false,
  padding: 'dense',
  // no drag handles around the headers: they nest one button in another (an accessibility failure)
  draggable: false,
} as const;

/**
 * A short table inside a card: every row on one page, no search box, dense rows. Takes the props of
 * Backstage's `Table` other than `options`.
 */
export function DenseTable<T extends object>(
  props: Omit<TableProps<T>, 'options'>,
) {
  return <Table<T> {...props} options={DENSE_OPTIONS} />;
}
