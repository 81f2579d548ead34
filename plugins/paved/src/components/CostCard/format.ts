/**
 * An amount of money: two decimals, up to four below one unit so that the first hours of a month still
 * show, e.g. `$0.1201`, `$32.98`.
 */
export function formatMoney(amount: number, currency: string): string {
  const small = Math.abs(amount) > 0 && Math.abs(amount) < 1;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 4 : 2,
  }).format(amount);
}

/** A share 0–1 as a whole percentage, e.g. `53 %`. */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** CPU cores as millicores, e.g. `250m`. */
export function formatCores(cores: number | undefined): string {
  return cores === undefined ? 'none' : `${Math.round(cores * 1000)}m`;
}

/** Bytes as MiB, e.g. `256Mi`. */
export function formatMemory(bytes: number | undefined): string {
  return bytes === undefined ? 'none' : `${Math.round(bytes / 1024 ** 2)}Mi`;
}

/** The name of a cost group for people: `(no component)` for costs without one. */
export function groupName(name: string): string {
  if (name === '__unallocated__') return '(no component)';
  if (name === '__idle__') return '(idle capacity)';
  return name;
}

/** `cpu` → `CPU`, … */
export const RESOURCE_NAMES: Record<string, string> = {
  cpu: 'CPU',
  memory: 'Memory',
  storage: 'Storage',
  loadBalancer: 'Load balancer',
  idle: 'Idle share',
};
