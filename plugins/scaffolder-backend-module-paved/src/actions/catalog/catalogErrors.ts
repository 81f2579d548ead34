/** The remote error's name and status, from a typed error or a catalog client's ResponseError. */
function errorKind(error: unknown): { name?: string; status?: number } {
  const e = error as {
    name?: string;
    statusCode?: number;
    cause?: { name?: string };
  };
  return { name: e?.cause?.name ?? e?.name, status: e?.statusCode };
}

/** Whether the catalog answered that the location is already registered. */
export function isAlreadyRegistered(error: unknown): boolean {
  const kind = errorKind(error);
  return kind.name === 'ConflictError' || kind.status === 409;
}

/** Whether the catalog refused the location as invalid input (e.g. a location type it does not allow). */
export function isRefusedInput(error: unknown): boolean {
  const kind = errorKind(error);
  return kind.name === 'InputError' || kind.status === 400;
}
