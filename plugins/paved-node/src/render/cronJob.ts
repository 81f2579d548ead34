import { CronJobSpec } from '@paved/plugin-paved-common';
import { telemetryEnv } from './telemetry';
import { KubernetesObject } from '../apply/types';
import {
  baseContainer,
  envVars,
  podSecurityContext,
  volumesOf,
} from './container';
import { RenderContext, objectHead, podMeta } from './metadata';
import { RENDERED_KINDS } from './kinds';
import { podIdentity, serviceAccount } from './shared';

const COMPONENT = 'cronjob';

/** How a CronJob runs its jobs. */
export interface CronJobSettings {
  name: string;
  schedule: string;
  timeZone?: string;
  concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  backoffLimit: number;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  activeDeadlineSeconds: number;
}

/** A CronJob (batch/v1) whose pods never restart in place: each retry is a new pod. */
export function cronJobObject(
  ctx: RenderContext,
  settings: CronJobSettings,
  podSpec: Record<string, unknown>,
): KubernetesObject {
  const pod = podMeta(ctx, COMPONENT);
  return {
    ...objectHead(ctx, RENDERED_KINDS.CronJob, settings.name, COMPONENT),
    spec: {
      schedule: settings.schedule,
      ...(settings.timeZone ? { timeZone: settings.timeZone } : {}),
      concurrencyPolicy: settings.concurrencyPolicy,
      successfulJobsHistoryLimit: settings.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: settings.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: { labels: pod.labels },
        spec: {
          backoffLimit: settings.backoffLimit,
          activeDeadlineSeconds: settings.activeDeadlineSeconds,
          template: {
            metadata: pod,
            spec: { restartPolicy: 'Never', ...podSpec },
          },
        },
      },
    },
  };
}

/** The cron-job golden path: ServiceAccount and CronJob. */
export function renderCronJob(
  ctx: RenderContext<CronJobSpec>,
): KubernetesObject[] {
  const { spec, options } = ctx;
  const { volumes, volumeMounts } = volumesOf(spec.volumes);
  const env = [...envVars(spec.env), ...telemetryEnv(spec, COMPONENT, options)];
  return [
    serviceAccount(ctx, COMPONENT),
    cronJobObject(ctx, spec, {
      ...podIdentity(ctx),
      securityContext: podSecurityContext(),
      containers: [
        {
          ...baseContainer(spec, options),
          ...(env.length > 0 ? { env } : {}),
          volumeMounts,
        },
      ],
      volumes,
    }),
  ];
}
