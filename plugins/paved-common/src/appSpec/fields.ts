import { z } from 'zod/v3';
import { BUILDPACKS } from './goldenPaths';
import {
  ANNOTATION_KEY,
  APP_NAME,
  BYTES_QUANTITY,
  CPU_QUANTITY,
  DNS_SUBDOMAIN,
  ENV_NAME,
  GIT_URL,
  GROUP_REF,
  IMAGE_TAG,
  imageProblem,
  looksLikeSecretRef,
  parseSecretRef,
} from './formats';
import { CRON_FIX, cronProblem } from './cron';
import { addProblem } from './issues';

const SECRET_REF_FIX =
  'write it as secret/<secret-name>/<key>, e.g. secret/checkout-db/password (secret names use lowercase letters, digits, "-" and "."; keys use letters, digits, "-", "_" and ".")';

/** `name`: a DNS-1123 label of at most 40 characters. */
export const appName = z
  .string()
  .max(
    40,
    'use at most 40 characters, so the names derived from it (e.g. <name>-backups) stay valid',
  )
  .regex(
    APP_NAME,
    'use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, e.g. checkout-api',
  )
  .describe(
    'Name of the app: lowercase letters, digits and "-", at most 40 characters',
  );

/** `owner`: the owning group's entity ref. */
export const owner = z
  .string()
  .max(
    63,
    'the ref is too long to be stored as a Kubernetes label value (63 characters); use a shorter group name',
  )
  .regex(
    GROUP_REF,
    'write the owning group as group:<namespace>/<name>, e.g. group:default/team-checkout',
  )
  .describe('Owning group, e.g. group:default/team-checkout');

/** `repo`: the source repository. */
export const repo = z
  .string()
  .regex(
    GIT_URL,
    'write a git URL, e.g. https://github.com/acme/checkout-api or git@github.com:acme/checkout-api.git',
  )
  .describe('Git URL of the source repository');

/** `image`: a pinned image reference. */
export const image = z
  .string()
  .superRefine((value, ctx) => {
    const problem = imageProblem(value);
    if (problem) {
      addProblem(
        ctx,
        `("${value}") ${problem}; pin a version, e.g. registry.paved.local/checkout-api:1.4.2`,
      );
    }
  })
  .describe(
    'Image with a version tag or digest, e.g. registry.paved.local/checkout-api:1.4.2',
  );

/** `buildpack`. */
export const buildpack = z
  .enum(BUILDPACKS)
  .describe(
    'Build the image with this buildpack; the image is <registry>/<name>:<version>',
  );

/** `version`: an image tag other than latest. */
export const imageVersion = z
  .string()
  .regex(
    IMAGE_TAG,
    'use an image tag: letters, digits, "_", "." and "-", e.g. 1.4.2',
  )
  .refine(v => v !== 'latest', {
    message:
      'latest would let what runs change without a deploy; use a version such as 1.4.2',
  })
  .describe('Version (image tag) the buildpack built, e.g. 1.4.2');

/** One `env` value: a literal, or `secret/<name>/<key>`. */
export const envValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(String)
  .superRefine((value, ctx) => {
    if (looksLikeSecretRef(value) && !parseSecretRef(value)) {
      addProblem(
        ctx,
        `("${value}") is not a valid secret reference; ${SECRET_REF_FIX}`,
      );
    }
  });

/** `env`: NAME → literal or secret reference. */
export const env = z
  .record(envValue)
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!ENV_NAME.test(key)) {
        addProblem(
          ctx,
          `has an invalid variable name "${key}"; use letters, digits and "_", not starting with a digit, e.g. LOG_LEVEL`,
        );
      }
    }
  })
  .describe(
    'Environment variables: NAME: literal value, or NAME: secret/<secret-name>/<key>',
  );

/** A reference to an env entry or a secret key (`queue.urlFrom`). */
export const envOrSecretRef = z.string().superRefine((value, ctx) => {
  if (looksLikeSecretRef(value)) {
    if (!parseSecretRef(value)) {
      addProblem(
        ctx,
        `("${value}") is not a valid secret reference; ${SECRET_REF_FIX}`,
      );
    }
  } else if (!ENV_NAME.test(value)) {
    addProblem(
      ctx,
      `("${value}") is neither an env variable name nor a secret reference; name an entry of env (e.g. QUEUE_URL) or ${SECRET_REF_FIX}`,
    );
  }
});

const cpu = z
  .string()
  .regex(CPU_QUANTITY, 'write CPU as cores or millicores, e.g. 1, 0.5 or 250m');
const bytes = (example: string) =>
  z
    .string()
    .regex(
      BYTES_QUANTITY,
      `write a size with a unit, e.g. ${example} (Mi and Gi are binary units; a lowercase m would mean thousandths of a byte)`,
    );

/** A storage size such as `10Gi`. */
export const storage = bytes('10Gi');

const cpuMemory = z
  .object({ cpu: cpu.optional(), memory: bytes('512Mi').optional() })
  .strict();

/** `resources`: explicit requests and limits over the size preset. */
export const resources = z
  .object({ requests: cpuMemory.optional(), limits: cpuMemory.optional() })
  .strict()
  .describe('Explicit CPU and memory requests and limits; they override size');

/** An integer in a range. */
export const int = (min: number, max: number) =>
  z.number().int().min(min).max(max);

/** A DNS-1123 subdomain, e.g. the name of a Secret or ConfigMap. */
export const dnsName = z
  .string()
  .max(253, 'use at most 253 characters')
  .regex(
    DNS_SUBDOMAIN,
    'use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit',
  );

/** A cron schedule in five fields. */
export const cronSchedule = z.string().superRefine((value, ctx) => {
  const problem = cronProblem(value);
  if (problem) {
    addProblem(
      ctx,
      `("${value}") is not a valid cron schedule: ${problem}; ${CRON_FIX}`,
    );
  }
});

/** `annotations`: extra annotations on every object and pod template. */
export const annotations = z
  .record(z.string())
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!ANNOTATION_KEY.test(key)) {
        addProblem(
          ctx,
          `has an invalid key "${key}"; use an optional prefix such as example.com/ and a name of letters, digits, "-", "_" and "."`,
        );
      }
    }
  })
  .describe('Annotations added to every object and pod template');
