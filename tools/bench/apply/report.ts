import { median } from '../stats';
import { MachineState, describeMachine } from '../shared/machine';
import { StepTimes } from '../shared/steps';
import { goalVerdict, ms, ratio, resultLine, table } from '../shared/table';
import { Sample } from './contenders';

/** Goals of issue 17: Paved's whole path against kubectl, the engine's apply against the PATCH floor. */
export const GOALS = { pathOverKubectl: 0.5, applyOverFloor: 1.3 };

/** Paved's steps in the order of its path; those marked overlap other steps. */
const STEPS: Array<{ step: keyof StepTimes; label: string }> = [
  { step: 'plan', label: 'plan:' },
  { step: 'prepare', label: 'prepare' },
  { step: 'guardrails', label: 'guardrails' },
  { step: 'secrets', label: 'secrets*' },
  { step: 'live', label: 'live*' },
  { step: 'dry-run', label: 'dry-run' },
  { step: 'diff', label: 'diff(cpu)' },
  { step: 'impact', label: 'impact*' },
  { step: 'apply', label: 'apply' },
  { step: 'record', label: 'record' },
];

/** The measured rounds of one set: each contender's samples, index by index from the same round. */
export interface SetSamples {
  set: string;
  objects: number;
  paved: Sample[];
  kubectl: Sample[];
  floor: Sample[];
}

interface SetResult {
  set: string;
  objects: number;
  kubectlMs: number;
  floorMs: number;
  pavedPathMs: number;
  pavedApplyMs: number;
  pathOverKubectl: number;
  applyOverFloor: number;
  /** The same ratios round by round (each round's contenders ran back to back): the worst round. */
  worstRound: { pathOverKubectl: number; applyOverFloor: number };
  steps: StepTimes;
  samples: { kubectl: number[]; floor: number[]; paved: number[] };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function summarize(s: SetSamples): SetResult {
  const walls = (samples: Sample[]) => samples.map(x => x.ms);
  const applyMs = s.paved.map(x => x.steps?.apply ?? NaN);
  const kubectlMs = median(walls(s.kubectl));
  const floorMs = median(walls(s.floor));
  const pavedPathMs = median(walls(s.paved));
  const pavedApplyMs = median(applyMs);
  const steps: StepTimes = {};
  for (const { step } of STEPS) {
    const values = s.paved
      .map(x => x.steps?.[step])
      .filter((v): v is number => v !== undefined);
    if (values.length > 0) steps[step] = round1(median(values));
  }
  return {
    set: s.set,
    objects: s.objects,
    kubectlMs: round1(kubectlMs),
    floorMs: round1(floorMs),
    pavedPathMs: round1(pavedPathMs),
    pavedApplyMs: round1(pavedApplyMs),
    pathOverKubectl: round3(pavedPathMs / kubectlMs),
    applyOverFloor: round3(pavedApplyMs / floorMs),
    worstRound: {
      pathOverKubectl: round3(
        Math.max(...s.paved.map((p, i) => p.ms / s.kubectl[i].ms)),
      ),
      applyOverFloor: round3(
        Math.max(...applyMs.map((a, i) => a / s.floor[i].ms)),
      ),
    },
    steps,
    samples: {
      kubectl: walls(s.kubectl).map(round1),
      floor: walls(s.floor).map(round1),
      paved: walls(s.paved).map(round1),
    },
  };
}

/** Prints the apply bench's tables and its BENCH_RESULT line; answers whether every goal was met. */
export function printReport(options: {
  machine: MachineState;
  baseline: string;
  rounds: number;
  sets: SetSamples[];
}): boolean {
  const results = options.sets.map(summarize);
  console.log(`\nyarn bench apply · ${describeMachine(options.machine)}`);
  console.log(`baseline: ${options.baseline}`);
  console.log(
    `each contender applies the set into a fresh Paved test environment, deleted and gone before the next ` +
      `run; 1 warm-up round, then ${options.rounds} measured rounds, order rotating; medians\n`,
  );
  console.log(
    table(
      [
        'set',
        'objects',
        'kubectl ms',
        'floor ms',
        'Paved path ms',
        'Paved apply ms',
        `path/kubectl (<= ${GOALS.pathOverKubectl})`,
        `apply/floor (<= ${GOALS.applyOverFloor})`,
        'worst round',
      ],
      results.map(r => [
        r.set,
        String(r.objects),
        ms(r.kubectlMs),
        ms(r.floorMs),
        ms(r.pavedPathMs),
        ms(r.pavedApplyMs),
        ratio(r.pathOverKubectl, GOALS.pathOverKubectl),
        ratio(r.applyOverFloor, GOALS.applyOverFloor),
        `${r.worstRound.pathOverKubectl.toFixed(
          2,
        )} / ${r.worstRound.applyOverFloor.toFixed(2)}`,
      ]),
    ),
  );
  console.log(
    `\nPaved path by step, median ms (plan = prepare to impact; * runs beside other steps: secrets beside ` +
      `guardrails, live and impact beside the dry run; diff is CPU time inside the dry run)\n`,
  );
  console.log(
    table(
      ['set', ...STEPS.map(s => s.label), 'path'],
      results.map(r => [
        r.set,
        ...STEPS.map(s => ms(r.steps[s.step])),
        ms(r.pavedPathMs),
      ]),
    ),
  );
  console.log('\nall measured runs, ms');
  for (const r of results) {
    for (const who of ['kubectl', 'floor', 'paved'] as const) {
      console.log(
        `  ${r.set} · ${who.padEnd(7)} ${r.samples[who]
          .map(v => v.toFixed(0))
          .join(' ')}`,
      );
    }
  }
  const { pass, line } = goalVerdict(
    results.flatMap(r => [
      r.pathOverKubectl > GOALS.pathOverKubectl &&
        `${r.set} path/kubectl ${r.pathOverKubectl.toFixed(2)} > ${
          GOALS.pathOverKubectl
        }`,
      r.applyOverFloor > GOALS.applyOverFloor &&
        `${r.set} apply/floor ${r.applyOverFloor.toFixed(2)} > ${
          GOALS.applyOverFloor
        }`,
    ]),
    'every set within both goals',
  );
  console.log(`\n${line}`);
  console.log(
    resultLine({
      bench: 'apply',
      format: 1,
      ...options.machine,
      baseline: options.baseline,
      rounds: options.rounds,
      goals: GOALS,
      pass,
      sets: results,
    }),
  );
  return pass;
}
