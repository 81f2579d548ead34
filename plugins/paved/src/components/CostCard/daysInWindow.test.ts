import { daysInWindow } from './daysInWindow';

const days = Array.from({ length: 30 }, (_, i) =>
  new Date(Date.UTC(2026, 10, 4 + i)).toISOString().slice(0, 10),
);
const values = days.map((_, i) => i);
const at = (day: string, hour = 12) =>
  Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`) / 1000;

describe('daysInWindow', () => {
  it('keeps every day without a window', () => {
    expect(daysInWindow(days, values, undefined).days).toHaveLength(30);
  });

  it('shows at least the week up to the end of a short range', () => {
    const shown = daysInWindow(days, values, {
      start: at('2026-12-03', 11),
      end: at('2026-12-03', 12),
    });
    expect(shown.days).toEqual([
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
    ]);
    expect(shown.values).toEqual([23, 24, 25, 26, 27, 28, 29]);
  });

  it('shows the days of a longer custom range in the past, values aligned', () => {
    const shown = daysInWindow(days, values, {
      start: at('2026-11-10'),
      end: at('2026-11-19'),
    });
    expect(shown.days[0]).toBe('2026-11-10');
    expect(shown.days[shown.days.length - 1]).toBe('2026-11-19');
    expect(shown.values[0]).toBe(6);
  });
});
