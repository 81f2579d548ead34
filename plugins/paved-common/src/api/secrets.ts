import { z } from 'zod/v3';

/** A Secret key as Kubernetes accepts it in `data`. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Longest value Paved writes for one key (Kubernetes caps a whole Secret at 1 MiB).
 *
 * @public
 */
export const MAX_SECRET_VALUE_BYTES = 256 * 1024;

/**
 * A Secret key, as Kubernetes accepts it.
 *
 * @public
 */
export const secretKeySchema = z
  .string()
  .min(1, 'key: give a key name')
  .max(253, 'key: at most 253 characters')
  .regex(
    SECRET_KEY,
    'key: use letters, digits, "-", "_" and "." only (e.g. password, api.token)',
  );

/**
 * The body of `POST /api/paved/environments/:cluster/:namespace/secrets/:secret/values`: keys to set or
 * replace, write-only. Values travel from the form to the cluster (or the secret manager) and are never
 * stored, logged, audited or answered by Paved.
 *
 * @public
 */
export const secretValuesBodySchema = z.object({
  values: z
    .record(
      z
        .string()
        .min(1, 'value: an empty value cannot be set; give the value')
        .refine(
          v => new TextEncoder().encode(v).length <= MAX_SECRET_VALUE_BYTES,
          `value: at most ${MAX_SECRET_VALUE_BYTES} bytes`,
        ),
    )
    .superRefine((values, ctx) => {
      const keys = Object.keys(values);
      if (keys.length === 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'values: give at least one key and its value',
        });
      }
      if (keys.length > 50) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'values: at most 50 keys at once',
        });
      }
      for (const key of keys) {
        const problem = secretKeySchema.safeParse(key);
        if (!problem.success) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [key],
            message: `values: "${key}" is not a valid key; ${problem.error.issues[0].message.replace(
              /^key: /,
              '',
            )}`,
          });
        }
      }
    }),
  /** The requester's words for a change request (production). */
  note: z.string().max(500).optional(),
  /** The catalog entity whose card asked for it. */
  entityRef: z.string().max(300).optional(),
});

/**
 * What setting secret values asked for: the keys, never the values.
 *
 * @public
 */
export type SecretValuesBody = z.output<typeof secretValuesBodySchema>;

/**
 * The shape of a generated value: its alphabet and length.
 *
 * @public
 */
export const generatedValueShapeSchema = z.object({
  alphabet: z
    .enum(['alphanumeric', 'hex', 'base64url'], {
      errorMap: () => ({
        message: 'alphabet: "alphanumeric", "hex" or "base64url"',
      }),
    })
    .default('alphanumeric'),
  length: z
    .number()
    .int()
    .min(16, 'length: at least 16 characters')
    .max(256, 'length: at most 256 characters')
    .default(32),
});

/**
 * The shape of a generated value.
 *
 * @public
 */
export type GeneratedValueShape = z.output<typeof generatedValueShapeSchema>;

/** An ISO-8601 duration of days, hours, minutes or seconds (`P30D`, `PT12H`, `PT30S`). */
const ISO_DURATION = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/**
 * The body of `POST …/secrets/:secret/rotation`: which keys of the Secret hold generated values, their
 * shapes, and how often they are replaced. `every: null` stops rotation.
 *
 * @public
 */
export const secretRotationBodySchema = z.object({
  every: z
    .string()
    .regex(
      ISO_DURATION,
      'every: an ISO-8601 duration such as P30D (30 days), PT12H or PT10M',
    )
    .nullable(),
  keys: z
    .array(z.object({ key: secretKeySchema, shape: generatedValueShapeSchema }))
    .min(1, 'keys: name at least one key to generate')
    .max(20),
});

/**
 * A rotation schedule as set.
 *
 * @public
 */
export type SecretRotationBody = z.output<typeof secretRotationBodySchema>;

/**
 * The body of `POST …/secrets/:secret/rotate`: rotate now.
 *
 * @public
 */
export const secretRotateBodySchema = z.object({
  entityRef: z.string().max(300).optional(),
});

/**
 * A workload's container that reads a Secret key.
 *
 * @public
 */
export interface SecretReferenceView {
  /** `Deployment/orders`. */
  workload: string;
  container: string;
  /** The environment variable it fills, when it is one (`DATABASE_URL`); absent for volumes and envFrom. */
  env?: string;
  /** The reference is `optional: true`: the workload starts without it. */
  optional?: boolean;
}

/**
 * One key of a Secret, as the Secrets card shows it: whether it exists, who reads it, who last changed it
 * and when — never its value.
 *
 * @public
 */
export interface SecretKeyView {
  key: string;
  exists: boolean;
  referencedBy: SecretReferenceView[];
  /** The user (or `paved:rotation`) who last set it through Paved. */
  changedBy?: string;
  /** ISO time of that change; for keys set outside Paved, the Secret's last write. */
  changedAt?: string;
  /** The key is generated and rotated. */
  generated?: boolean;
}

/**
 * A Secret's rotation schedule and its last run.
 *
 * @public
 */
export interface SecretRotationView {
  every: string;
  keys: Array<{ key: string; shape: GeneratedValueShape }>;
  lastRotatedAt?: string;
  nextRotationAt?: string;
}

/**
 * Where a Secret's values live: a Kubernetes Secret Paved writes, one synced by External Secrets from the
 * secret manager, one made by other means, or none yet (only referenced).
 *
 * @public
 */
export type SecretSource =
  | 'kubernetes'
  | 'secret-manager'
  | 'other'
  | 'missing';

/**
 * One Secret of an environment.
 *
 * @public
 */
export interface SecretView {
  name: string;
  source: SecretSource;
  keys: SecretKeyView[];
  rotation?: SecretRotationView;
  /** Keys the workloads read that do not exist. */
  missing: number;
}

/**
 * What the caller may do with an environment's secrets: set values, ask a team lead to (production), or
 * only look.
 *
 * @public
 */
export type SecretAccess = 'write' | 'request' | 'read';

/**
 * The secrets of one environment: what the workloads reference and which keys exist.
 *
 * @public
 */
export interface EnvironmentSecretsView {
  cluster: string;
  namespace: string;
  environment: string;
  team?: string;
  protected: boolean;
  /** `kubernetes`: plain Secrets; `vault`: the secret manager, synced by External Secrets. */
  store: 'kubernetes' | 'vault';
  access: SecretAccess;
  secrets: SecretView[];
  missing: number;
  /** Why the environment's secrets could not be read, when they could not. */
  error?: string;
}

/**
 * The Secrets card's view of an entity: its environments' secrets (a component's, or every environment of a
 * team for a group).
 *
 * @public
 */
export interface EntitySecrets {
  environments: EnvironmentSecretsView[];
}

/**
 * What setting values did: written (`applied`) or held for a team lead (`requested`, with the request).
 *
 * @public
 */
export interface SecretWriteResult {
  outcome: 'applied' | 'requested';
  keys: string[];
  approvalId?: string;
}

/**
 * What a rotation did: the keys given new values and the workloads restarted to read them.
 *
 * @public
 */
export interface SecretRotationResult {
  keys: string[];
  restarted: string[];
  rotatedAt: string;
}
