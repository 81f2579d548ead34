/** Multipliers of the Kubernetes quantity suffixes (decimal SI and binary IEC). */
const SUFFIXES: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY =
  /^(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/**
 * The value of a Kubernetes quantity in base units (cores for CPU, bytes for memory and storage), e.g.
 * `250m` → 0.25, `1.5Gi` → 1610612736, `12345678n` → 0.012345678, `1e3` → 1000; undefined when the text is
 * not a quantity. The one parser every Paved package uses.
 *
 * @public
 */
export function parseQuantity(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, digits, exponent, suffix] = match;
  return Number(digits) * 10 ** Number(exponent ?? 0) * SUFFIXES[suffix ?? ''];
}
