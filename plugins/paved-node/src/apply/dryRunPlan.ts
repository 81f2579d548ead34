import { InputError, NotAllowedError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { scrubSecretError, scrubSecretValues } from '../secrets/redact';
import { applyObjects } from './applyObjects';
import { objectDiff } from './diff';
import { objectLabel } from './objectLabel';
import { ApplyPlan } from './plan';
import { ObjectOutcome, planFromOutcomes } from './planOutcomes';
import { readLiveObjects } from './readLiveObjects';
import { removedFields } from './removedFields';
import { startInSendOrder } from './sendOrder';
import { publishStep, timedStep, timedSync } from './stepTiming';
import { KubernetesObject } from './types';

/** How the dry run is asked: taking over other managers' fields, into a namespace known to be empty. */
export interface DryRunOptions {
  force: boolean;
  emptyNamespace: boolean;
}

interface Problem {
  text: string;
  forbidden: boolean;
}

/** A refusal of every problem at once: NotAllowedError when each was a 403, InputError otherwise. */
function refusal(problems: Problem[]): Error {
  const message = `The server-side dry run refused ${
    problems.length
  } object(s); nothing was applied:\n${problems
    .map(p => p.text)
    .sort()
    .join('\n')}`;
  return problems.every(p => p.forbidden)
    ? new NotAllowedError(message)
    : new InputError(message);
}

/**
 * A plan from a server-side dry run of every object as the acting user: each object's result, diff and
 * removed fields. Every refusal is collected and thrown together; Pod Security warnings count as refusals,
 * since the workload's pods would be refused. Messages never carry the objects' Secret values.
 */
export async function dryRunPlan(
  client: KubernetesClient,
  cluster: string,
  objects: KubernetesObject[],
  options: DryRunOptions,
): Promise<ApplyPlan> {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  // the live objects, one list per kind where several share it, unless the namespace is new; read while the
  // dry runs run
  const known = options.emptyNamespace
    ? undefined
    : timedStep('live', objects.length, () => readLiveObjects(client, objects));
  known?.catch(() => undefined);
  const diffing = { ms: 0 };
  const outcomes = await Promise.all(
    startInSendOrder(
      objects,
      async (object): Promise<ObjectOutcome | undefined> => {
        const label = objectLabel({ ...object.metadata, kind: object.kind });
        const objectWarnings: string[] = [];
        let outcome: ObjectOutcome | undefined;
        try {
          const [{ applied, live, before }] = await applyObjects(
            client,
            [object],
            {
              dryRun: true,
              force: options.force,
              warnings: objectWarnings,
              known,
              ...(options.emptyNamespace
                ? { expected: ['created' as const] }
                : {}),
            },
          );
          outcome = timedSync(diffing, () => ({
            applied,
            diff: objectDiff(label, before, live),
            removed: removedFields(label, before, live),
            after: live,
          }));
        } catch (error) {
          if (
            isErrorNamed(error, 'ServiceUnavailableError') ||
            !(error instanceof Error)
          )
            throw scrubSecretError(error, [object]);
          problems.push({
            text: `${label}: ${scrubSecretValues(
              error.message.replace(/^applying [^:]+: /, ''),
              [object],
            )}`,
            forbidden: isErrorNamed(error, 'NotAllowedError'),
          });
        }
        for (const raw of objectWarnings) {
          const warning = scrubSecretValues(raw, [object]);
          if (/PodSecurity/.test(warning)) {
            problems.push({
              text: `${label}: its pods would be refused: ${warning}`,
              forbidden: false,
            });
          } else {
            warnings.push(`${label}: ${warning}`);
          }
        }
        return outcome;
      },
    ),
  );
  publishStep('diff', diffing.ms, objects.length);
  // live objects that could not be read fail the plan as they are, not as refusals of every object
  await known;
  if (problems.length > 0) throw refusal(problems);
  const done = outcomes.filter((o): o is ObjectOutcome => Boolean(o));
  return {
    ...planFromOutcomes(cluster, objects, done, warnings),
    removedFields: done.flatMap(o => o.removed ?? []),
  };
}
