import { median } from '../stats';
import { MachineState, describeMachine } from '../shared/machine';
import { StepTimes } from '../shared/steps';
import { goalVerdict, ms, ratio, resultLine, table } from '../shared/table';
import { PIPELINE_STEPS, PipelineSteps } from './pipeline';

/** Goals of issue 17: Paved's clone against the kubectl pipeline, and on its own. */
export const GOALS = { overPipeline: 0.3, pavedMs: 2000 };

/** Paved's steps in the order of its path; those marked overlap other steps. */
const STEPS: Array<{ step: keyof StepTimes; label: string }> = [
  { step: 'clone-plan', label: 'plan clone' },
  { step: 'clone-read', label: '(read source)' },
  { step: 'clone-environment', label: 'create env' },
  { step: 'prepare', label: 'prepare' },
  { step: 'guardrails', label: 'guardrails' },
  { step: 'secrets', label: 'secrets*' },
  { step: 'dry-run', label: 'dry-run' },
  { step: 'diff', label: 'diff(cpu)' },
  { step: 'impact', label: 'impact*' },
  { step: 'apply', label: 'apply' },
  { step: 'clone-finish', label: 'revision+mark' },
];

/** One measured round: Paved's clone and the pipeline, back to back. */
export interface CloneRound {
  pavedMs: number;
  pavedSteps: StepTimes;
  pipelineMs: number;
  pipelineSteps: PipelineSteps;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function medians<K extends string>(
  rows: Array<Partial<Record<K, number>>>,
  keys: readonly K[],
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const values = rows
      .map(r => r[key])
      .filter((v): v is number => v !== undefined);
    if (values.length > 0) out[key] = round1(median(values));
  }
  return out;
}

/** Prints the clone bench's tables and its BENCH_RESULT line; answers whether both goals were met. */
export function printReport(options: {
  machine: MachineState;
  baseline: string;
  objects: number;
  rounds: CloneRound[];
}): boolean {
  const { rounds } = options;
  const pavedMs = median(rounds.map(r => r.pavedMs));
  const pipelineMs = median(rounds.map(r => r.pipelineMs));
  const overPipeline = pavedMs / pipelineMs;
  const worstRound = Math.max(...rounds.map(r => r.pavedMs / r.pipelineMs));
  const steps = medians(
    rounds.map(r => r.pavedSteps),
    STEPS.map(s => s.step),
  );
  const pipelineSteps = medians(
    rounds.map(r => r.pipelineSteps),
    PIPELINE_STEPS,
  );
  const { pass, line } = goalVerdict(
    [
      overPipeline > GOALS.overPipeline &&
        `Paved/pipeline ${overPipeline.toFixed(2)} > ${GOALS.overPipeline}`,
      pavedMs > GOALS.pavedMs &&
        `Paved ${ms(pavedMs)} ms > ${GOALS.pavedMs} ms`,
    ],
    'both goals',
  );
  console.log(`\nyarn bench clone · ${describeMachine(options.machine)}`);
  console.log(`baseline: ${options.baseline}`);
  console.log(
    `clone of a ${options.objects}-object environment without waiting for rollouts; every target deleted and ` +
      `gone before the next run; 1 warm-up round, then ${rounds.length} measured rounds, order alternating; medians\n`,
  );
  console.log(
    table(
      [
        'pipeline ms',
        'Paved ms',
        `Paved/pipeline (<= ${GOALS.overPipeline})`,
        `Paved (<= ${GOALS.pavedMs} ms)`,
        'worst round',
      ],
      [
        [
          ms(pipelineMs),
          ms(pavedMs),
          ratio(overPipeline, GOALS.overPipeline),
          pavedMs <= GOALS.pavedMs ? 'ok' : 'MISSED',
          worstRound.toFixed(2),
        ],
      ],
      0,
    ),
  );
  console.log(
    `\nPaved by step, median ms (* runs beside other steps; a new target gets no separate dry run, the apply is ` +
      `the check; diff is CPU time inside the apply, worked out as objects land; the apply includes the wait for ` +
      `the default ServiceAccount before the workloads; revision+mark: the revision recorded beside the completion mark; ` +
      `the rest of the total is the time between steps)\n`,
  );
  console.log(
    table(
      [...STEPS.map(s => s.label), 'total'],
      [[...STEPS.map(s => ms(steps[s.step])), ms(pavedMs)]],
      0,
    ),
  );
  console.log('\npipeline by step, median ms\n');
  console.log(
    table(
      [...PIPELINE_STEPS, 'total'],
      [[...PIPELINE_STEPS.map(s => ms(pipelineSteps[s])), ms(pipelineMs)]],
      0,
    ),
  );
  console.log('\nall measured runs, ms');
  console.log(
    `  pipeline ${rounds.map(r => r.pipelineMs.toFixed(0)).join(' ')}`,
  );
  console.log(`  Paved    ${rounds.map(r => r.pavedMs.toFixed(0)).join(' ')}`);
  console.log(`\n${line}`);
  console.log(
    resultLine({
      bench: 'clone',
      format: 1,
      ...options.machine,
      baseline: options.baseline,
      objects: options.objects,
      rounds: rounds.length,
      goals: GOALS,
      pass,
      pipelineMs: round1(pipelineMs),
      pavedMs: round1(pavedMs),
      overPipeline: round3(overPipeline),
      worstRound: round3(worstRound),
      steps,
      pipelineSteps,
      samples: {
        pipeline: rounds.map(r => round1(r.pipelineMs)),
        paved: rounds.map(r => round1(r.pavedMs)),
      },
    }),
  );
  return pass;
}
