import { Diagnosis } from '@paved/plugin-paved-common';
import { oomKill } from './diagnoseMemory';

type Status = Record<string, any>;

/**
 * One container as the rules read it: its status from the pod, whether it is an init container, its
 * memory limit from the pod spec, the pod's phase, and its current memory use in bytes when known.
 */
export interface ContainerFacts {
  status: Status;
  init: boolean;
  memoryLimit?: string;
  podPhase?: string;
  usedBytes?: number;
}

/** A container's diagnosis, without the pod it belongs to. */
export type ContainerDiagnosis = Omit<Diagnosis, 'object'>;

/** Waiting reasons of a container that is starting normally. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

/** Waiting reasons of an image that cannot be pulled. */
const IMAGE_PULL = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
]);

/** What the kubelet's other waiting reasons mean, and what to do about them. */
const WAITING: Record<
  string,
  {
    kind: string;
    cause: (label: string, detail: string) => string;
    fix: string;
  }
> = {
  CreateContainerConfigError: {
    kind: 'config-missing',
    cause: (label, detail) =>
      `${label} cannot be created: a Secret, ConfigMap or key it reads is missing (${detail}).`,
    fix: 'Set the missing secret key on the Secrets card of this environment (Platform tab), or create the ConfigMap it names in the same namespace, or correct the name or key in its env, envFrom or volumes.',
  },
  CreateContainerError: {
    kind: 'container-create-failed',
    cause: (label, detail) =>
      `${label} cannot be created by the container runtime (${detail}).`,
    fix: 'Check its command, volume mounts and security context against the message; a name already in use clears once the old container is gone.',
  },
  RunContainerError: {
    kind: 'container-start-failed',
    cause: (label, detail) =>
      `${label} was created but cannot be started (${detail}).`,
    fix: 'Check that its command exists in the image and is executable, and that its mounts and security context are allowed on the node.',
  },
};

/** The container as the pod calls it. */
function labelOf(facts: ContainerFacts): string {
  return `${facts.init ? 'Init container' : 'Container'} ${facts.status.name}`;
}

/**
 * The container's state in Kubernetes' words, e.g. `container app is waiting: CrashLoopBackOff (back-off 10s …)`
 * or `container app terminated: Error (exit code 1)`.
 */
export function containerState(cs: Status): string {
  const waiting = cs.state?.waiting;
  const terminated = cs.lastState?.terminated ?? cs.state?.terminated;
  const subject = `container ${cs.name}`;
  if (waiting?.reason && !STARTING.has(waiting.reason)) {
    return `${subject} is waiting: ${waiting.reason}${
      waiting.message ? ` (${waiting.message})` : ''
    }`;
  }
  if (terminated && terminated.exitCode !== 0) {
    return `${subject} terminated: ${terminated.reason ?? 'Error'} (exit code ${
      terminated.exitCode
    })`;
  }
  return `${subject} is ${cs.state?.running ? 'running but ' : ''}not ready`;
}

/** Out-of-memory kills, crash loops and exits with an error code. */
function exitDiagnosis(facts: ContainerFacts): ContainerDiagnosis | undefined {
  const cs = facts.status;
  const label = labelOf(facts);
  const restarts: number = cs.restartCount ?? 0;
  const lastTerminated = cs.lastState?.terminated;
  const terminated = cs.state?.terminated ?? lastTerminated;
  if (
    lastTerminated?.reason === 'OOMKilled' ||
    cs.state?.terminated?.reason === 'OOMKilled'
  ) {
    return {
      kind: 'oom-killed',
      container: cs.name,
      restarts,
      ...oomKill(label, restarts, facts.memoryLimit, facts.usedBytes),
    };
  }
  // restarted after a failed exit and not ready again: between two crashes of a crash loop
  const restartedAfterFailure =
    cs.state?.running &&
    cs.ready === false &&
    restarts > 0 &&
    lastTerminated &&
    lastTerminated.exitCode !== 0;
  if (
    cs.state?.waiting?.reason === 'CrashLoopBackOff' ||
    restartedAfterFailure
  ) {
    return {
      kind: 'crash-loop',
      container: cs.name,
      cause: `${label} keeps exiting${
        lastTerminated
          ? ` (last exit code ${lastTerminated.exitCode}${
              lastTerminated.reason ? `, ${lastTerminated.reason}` : ''
            })`
          : ''
      } and restarted ${restarts} time${restarts === 1 ? '' : 's'}.`,
      fix: 'Read its last log lines; check the command, the configuration and the secrets it needs.',
      restarts,
    };
  }
  if (!cs.state?.waiting && terminated && terminated.exitCode !== 0) {
    return {
      kind: 'failed-exit',
      container: cs.name,
      cause: `${label} exited with code ${terminated.exitCode}${
        terminated.reason ? ` (${terminated.reason})` : ''
      }${
        restarts > 0
          ? ` and was restarted ${restarts} time${restarts === 1 ? '' : 's'}`
          : ''
      }.`,
      fix: 'Read its last log lines; check the command, the configuration and the secrets it needs.',
      restarts,
    };
  }
  return undefined;
}

/** Containers that wait for something other than a normal start: an image, a Secret, the runtime. */
function waitingDiagnosis(
  facts: ContainerFacts,
): ContainerDiagnosis | undefined {
  const cs = facts.status;
  const waiting = cs.state?.waiting;
  if (!waiting?.reason || STARTING.has(waiting.reason)) return undefined;
  const label = labelOf(facts);
  const detail: string = waiting.message ?? waiting.reason;
  if (IMAGE_PULL.has(waiting.reason)) {
    return {
      kind: 'image-pull',
      container: cs.name,
      cause: `The image of ${cs.name} cannot be pulled: ${detail}`,
      fix: 'Check the image name and tag exist in the registry, and that the namespace can pull from it.',
    };
  }
  const known = WAITING[waiting.reason];
  if (known) {
    return {
      kind: known.kind,
      container: cs.name,
      cause: known.cause(label, detail),
      fix: known.fix,
    };
  }
  return {
    kind: 'container-waiting',
    container: cs.name,
    cause: `${label} is waiting: ${waiting.reason}${
      waiting.message ? ` (${waiting.message})` : ''
    }.`,
    fix: 'Read the pod\u2019s warning events: they name what the container waits for.',
  };
}

/**
 * What is wrong with one container, if anything: an out-of-memory kill, a crash loop, an image that cannot
 * be pulled, a missing Secret or ConfigMap or another reason it cannot be created or started, an exit with
 * an error code, or a failing readiness probe.
 */
export function diagnoseContainer(
  facts: ContainerFacts,
): ContainerDiagnosis | undefined {
  const cs = facts.status;
  const found = exitDiagnosis(facts) ?? waitingDiagnosis(facts);
  if (found) return found;
  if (cs.state?.running && cs.ready === false && facts.podPhase === 'Running') {
    return {
      kind: 'probe-failing',
      container: cs.name,
      cause: `${labelOf(
        facts,
      )} runs but is not ready: its readiness probe fails.`,
      fix: 'Check the probe\u2019s path, port and timing against what the application serves.',
    };
  }
  return undefined;
}
