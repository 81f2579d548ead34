import { TableColumn } from '@backstage/core-components';
import { CostLine } from '@paved/plugin-paved-common';
import { formatMoney, formatShare } from './format';

/**
 * The amount columns of a table of cost lines: month to date and projection, then — unless `share` is
 * false — each line's share of the month to date of the whole view (`—` while that is zero).
 */
export function amountColumns(
  view: { monthToDate: number; currency: string },
  options: { share?: boolean } = {},
): TableColumn<CostLine>[] {
  const money = (amount: number) => formatMoney(amount, view.currency);
  const columns: TableColumn<CostLine>[] = [
    { title: 'Month to date', render: l => money(l.total) },
    { title: 'Projected', render: l => money(l.projected) },
  ];
  if (options.share === false) return columns;
  const share = (l: CostLine) =>
    view.monthToDate > 0 ? formatShare(l.total / view.monthToDate) : '—';
  return [...columns, { title: 'Share', render: share }];
}
