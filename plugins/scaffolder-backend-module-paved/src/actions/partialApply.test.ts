import { PartialApplyError } from '@paved/plugin-paved-node';
import { logPartialApply } from './partialApply';

describe('logPartialApply', () => {
  it('logs each applied, failed and unsent object of a partial apply', () => {
    const lines: string[] = [];
    const logger = {
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    };
    const cm = (name: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'dev',
      name,
    });
    const error = new PartialApplyError(
      {
        cluster: 'three',
        applied: [{ ...cm('a'), result: 'created' }],
        failed: [
          {
            ref: cm('b'),
            reason: 'no answer in 15000 ms',
            mayHaveApplied: true,
          },
        ],
        notAttempted: [cm('c')],
      },
      new Error('no answer in 15000 ms'),
    );
    expect(logPartialApply(logger, error)).toBe(error);
    expect(lines).toEqual([
      'error Apply to cluster three failed: 1 of 3 object(s) applied, 2 not applied',
      'info   applied: ConfigMap dev/a created',
      'error   not applied: ConfigMap dev/b: no answer in 15000 ms (its answer was lost: it may have been applied)',
      'warn   not applied: ConfigMap dev/c (not sent after the failure)',
      'info Running the step again applies the same objects and finishes the change',
    ]);
  });

  it('leaves other errors to the task', () => {
    const lines: string[] = [];
    const logger = {
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    };
    const other = new Error('refused');
    expect(logPartialApply(logger, other)).toBe(other);
    expect(lines).toEqual([]);
  });
});
