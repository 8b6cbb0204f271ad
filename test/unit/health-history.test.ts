import { describe, expect, it } from 'vitest';
import { healthTrend } from '../../src/domain/healthChanges';
import { emptyHistoryMonth, expandHistory, historySplicePositions, scoreCode, setHistoryDay } from '../../src/domain/healthHistory';

describe('health history packed per client and month', () => {
  it('records one point per day; a later recompute the same day replaces it', () => {
    let nov = emptyHistoryMonth('2026-11', ['healthy', 'at_risk', 'critical']);
    nov = setHistoryDay(nov, '2026-11-01', 80, 'healthy');
    nov = setHistoryDay(nov, '2026-11-29', 60, 'healthy');
    nov = setHistoryDay(nov, '2026-11-29', 64, 'at_risk');
    expect(nov.scores.length).toBe(62);
    expect(nov.scores.slice(0, 2)).toBe('50'); // 80 in hex
    expect(nov.scores.slice(56, 58)).toBe('40'); // day 29: 64
    expect(nov.bands).toBe(`0${'-'.repeat(27)}1--`);
    expect(expandHistory([nov], '2026-11-01', '2026-11-30')).toEqual([
      { day: '2026-11-01', score: 80, band: 'healthy' },
      { day: '2026-11-29', score: 64, band: 'at_risk' },
    ]);
  });

  it('appends a band key new to the month (settings changed) and keeps reading the old ones', () => {
    let nov = emptyHistoryMonth('2026-11', ['healthy', 'at_risk', 'critical']);
    nov = setHistoryDay(nov, '2026-11-10', 30, 'critical');
    nov = setHistoryDay(nov, '2026-11-11', 30, 'fair');
    expect(nov.bandKeys).toEqual(['healthy', 'at_risk', 'critical', 'fair']);
    expect(expandHistory([nov], '2026-11-10', '2026-11-11').map((p) => p.band)).toEqual(['critical', 'fair']);
  });

  it('reads a range across months and years in order, and feeds the 30-day trend', () => {
    const dec = setHistoryDay(emptyHistoryMonth('2025-12'), '2025-12-31', 70, 'at_risk');
    const jan = setHistoryDay(setHistoryDay(emptyHistoryMonth('2026-01'), '2026-01-01', 72, 'at_risk'), '2026-01-20', 90, 'healthy');
    const points = expandHistory([jan, dec], '2025-12-15', '2026-01-15');
    expect(points.map((p) => [p.day, p.score])).toEqual([['2025-12-31', 70], ['2026-01-01', 72]]);
    const all = expandHistory([jan, dec], '2025-01-01', '2026-12-31').map((p) => ({ at: `${p.day}T00:00:00.000Z`, score: p.score }));
    expect(healthTrend(all, '2026-01-21T00:00:00.000Z')).toMatchObject({ from: 70, to: 90, change: 20, direction: 'up' });
  });

  it('gives the SQL splice positions of a day (1-based, as substr counts) and clamps scores to one byte', () => {
    expect(historySplicePositions('2026-11-29')).toEqual({ month: '2026-11', scoreAt: 57, bandAt: 29 });
    expect(historySplicePositions('2026-02-01')).toEqual({ month: '2026-02', scoreAt: 1, bandAt: 1 });
    expect([scoreCode(0), scoreCode(100), scoreCode(null), scoreCode(64.4)]).toEqual(['00', '64', 'ff', '40']);
    expect(() => setHistoryDay(emptyHistoryMonth('2026-11'), '2026-12-01', 1, null)).toThrow(/not in 2026-11/);
  });

  it('fills unrecorded days with the latest point (recorded only on change), from an earlier month too', () => {
    const oct = setHistoryDay(emptyHistoryMonth('2026-10'), '2026-10-30', 55, 'at_risk');
    const nov = setHistoryDay(emptyHistoryMonth('2026-11'), '2026-11-02', 40, 'critical');
    expect(expandHistory([nov, oct], '2026-11-01', '2026-11-04', { fill: true })).toEqual([
      { day: '2026-11-01', score: 55, band: 'at_risk' },
      { day: '2026-11-02', score: 40, band: 'critical' },
      { day: '2026-11-03', score: 40, band: 'critical' },
      { day: '2026-11-04', score: 40, band: 'critical' },
    ]);
    expect(expandHistory([nov], '2026-10-01', '2026-11-01', { fill: true })).toEqual([]);
    expect(expandHistory([], '2026-10-01', '2026-11-01', { fill: true })).toEqual([]);
  });
});
