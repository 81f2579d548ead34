/**
 * @jest-environment @backstage/cli/config/jest-environment-jsdom
 */
import { cronProblem } from './cron';

// the frontend checks schedules with the same code, in the browser
describe('cronProblem in a browser environment', () => {
  it('reads schedules with cron-parser as on the server', () => {
    expect(typeof window).toBe('object');
    expect(cronProblem('0 3 * * MON-FRI')).toBeUndefined();
    expect(cronProblem('0 24 * * *')).toMatch(/^hour "24": .*0-23/);
  });
});
