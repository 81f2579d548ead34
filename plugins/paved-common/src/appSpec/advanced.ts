import { z } from 'zod/v3';
import { BYTES_QUANTITY, PORT_NAME } from './formats';
import { DNS_LABEL_PATTERN } from '../names';
import { dnsName, int } from './fields';
import { addProblem } from './issues';
import { uniqueEntries, uniqueName } from './uniqueEntries';

const ABSOLUTE_PATH = /^\/\S*$/;
const VOLUME_NAME = DNS_LABEL_PATTERN;

const probe = z
  .object({
    path: z
      .string()
      .regex(
        ABSOLUTE_PATH,
        'write an HTTP path starting with "/", e.g. /healthz',
      )
      .optional()
      .describe('HTTP path checked with GET on the app port'),
    command: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Command run inside the container; exit code 0 means healthy'),
    initialDelaySeconds: int(0, 3600).optional(),
    periodSeconds: int(1, 3600).optional(),
    timeoutSeconds: int(1, 3600).optional(),
    failureThreshold: int(1, 100).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.path && value.command) {
      addProblem(
        ctx,
        'sets both path and command; keep path for an HTTP check or command for a check run in the container',
      );
    }
  });

/** `probes`: liveness and readiness checks over the golden path's defaults. */
export const probes = z
  .object({ liveness: probe.optional(), readiness: probe.optional() })
  .strict()
  .describe(
    'Liveness and readiness checks; unset fields keep the golden path defaults',
  );

const mount = {
  name: z
    .string()
    .max(63, 'use at most 63 characters')
    .regex(VOLUME_NAME, 'use lowercase letters, digits and "-", e.g. cache'),
  mountPath: z
    .string()
    .regex(ABSOLUTE_PATH, 'write an absolute path, e.g. /data'),
  readOnly: z.boolean().optional(),
};

/** One entry of `volumes`. */
export const volume = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('emptyDir'),
      ...mount,
      sizeLimit: z
        .string()
        .regex(BYTES_QUANTITY, 'write a size with a unit, e.g. 1Gi')
        .optional(),
      medium: z.enum(['Memory']).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('configMap'), ...mount, configMap: dnsName })
    .strict(),
  z
    .object({ type: z.literal('secret'), ...mount, secretName: dnsName })
    .strict(),
  z.object({ type: z.literal('pvc'), ...mount, claimName: dnsName }).strict(),
]);

/** Volume names and mount paths are each used once; `tmp` and `/tmp` belong to the scratch volume. */
const distinctVolumes = uniqueEntries<z.infer<typeof volume>>([
  uniqueName('volume', 'tmp', ' by the /tmp scratch volume'),
  {
    field: 'mountPath',
    reserved: '/tmp',
    problem: (mountPath, reserved) =>
      `("${mountPath}") is already mounted${
        reserved ? ' (every golden path mounts /tmp)' : ''
      }; pick another path`,
  },
]);

/** `volumes`: scratch space, ConfigMaps, Secrets and claims mounted into the container. */
export const volumes = z
  .array(volume)
  .superRefine(distinctVolumes)
  .describe('Volumes: emptyDir, configMap, secret or pvc');

/** One entry of `extraPorts`. */
const extraPort = z
  .object({
    name: z
      .string()
      .max(15, 'use at most 15 characters')
      .regex(
        PORT_NAME,
        'use lowercase letters, digits and "-" with at least one letter, e.g. metrics',
      ),
    port: int(1, 65535),
    protocol: z.enum(['TCP', 'UDP']).default('TCP'),
    expose: z
      .boolean()
      .default(true)
      .describe('Also expose the port on the Service'),
  })
  .strict();

/** Port names and numbers are each used once; `http` is the main port's name. */
const distinctPorts = uniqueEntries<z.infer<typeof extraPort>>([
  uniqueName('port', 'http', ' by the main port'),
  {
    field: 'port',
    problem: port => `(${port}) is listed twice; remove the duplicate`,
  },
]);

/** `extraPorts`: more container ports, e.g. metrics or gRPC. */
export const extraPorts = z
  .array(extraPort)
  .superRefine(distinctPorts)
  .describe('More container ports, e.g. metrics');

/** `ingress` of a web service. */
export const ingress = z
  .object({
    enabled: z.boolean().default(true),
    host: dnsName
      .optional()
      .describe(
        'Host name; defaults to <name>.<environment or namespace>.paved.local',
      ),
    path: z
      .string()
      .regex(ABSOLUTE_PATH, 'write a path starting with "/", e.g. /')
      .default('/'),
  })
  .strict()
  .describe('How the service is reached from outside the cluster');
