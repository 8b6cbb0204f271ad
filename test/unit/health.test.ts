import { describe, expect, it } from 'vitest';
import { defaultActivitySettings } from '../../src/domain/activitySettings';
import { bandFor, bandMove, computeHealth, countByBand, curveScore, recommendedAction, type HealthContext, type HealthInputs } from '../../src/domain/health';
import { diffHealth, healthTrend } from '../../src/domain/healthChanges';
import { healthDiffSchema, healthExplanationSchema } from '../../src/domain/healthExplanation';
import { checkOverride, effectiveHealth, healthOverrideBodySchema, type HealthOverride } from '../../src/domain/healthOverride';
import { healthFactorKeys, healthMeasureKeys } from '../../src/domain/healthFactors';
import {
  applyHealthSettingsUpdate, bandPresetBands, defaultHealthSettings, healthSettingsFrom, updateHealthSettingsBodySchema, type HealthBand, type HealthSettings,
  type HealthWeights,
} from '../../src/domain/healthSettings';

const ctx: HealthContext = { cadenceByStatus: defaultActivitySettings.expectedCadence }; // active: monthly (30 days)
const zeroWeights = Object.fromEntries(healthFactorKeys.map((k) => [k, 0])) as HealthWeights;
const weights = (w: Partial<HealthWeights>): HealthWeights => ({ ...zeroWeights, ...w });
const withSettings = (patch: Partial<HealthSettings>): HealthSettings => ({ ...defaultHealthSettings, ...patch });

// Communication 20, payment 30, satisfaction 50; everything else off.
const three = withSettings({ weights: weights({ communication: 20, payment: 30, satisfaction: 50 }) });
// 45 days since contact at a monthly cadence = 1.5 × cadence → 100 + 0.5·(40 − 100) = 70.
// 90 % paid on time → 50 + (10/20)·50 = 75; nothing overdue → 100; payment takes the lower: 75.
const base: HealthInputs = { status: 'active', daysSinceContact: 45, onTimePaymentRate: 90, overdueDays: 0 };

const errorsOf = (r: ReturnType<typeof applyHealthSettingsUpdate>) => (r.ok ? [] : r.errors);

describe('curves', () => {
  const usage = defaultHealthSettings.curves.usageChange; // (−50,0) (−20,50) (0,80) (20,100)
  it('interpolates linearly between points and is flat beyond the ends', () => {
    expect(curveScore(usage, -35)).toBe(25);
    expect(curveScore(usage, 10)).toBe(90);
    expect(curveScore(usage, -20)).toBe(50);
    expect(curveScore(usage, -100)).toBe(0);
    expect(curveScore(usage, 500)).toBe(100);
  });

  it('scores usage from the change between the two windows (stopped = −100 %)', () => {
    const s = withSettings({ weights: weights({ usage: 1 }) });
    expect(computeHealth({ status: 'active', usage: { recent: 80, previous: 100 } }, s, ctx).factors[0]).toMatchObject({ value: -20, score: 50 });
    expect(computeHealth({ status: 'active', usage: { recent: 0, previous: 0 } }, s, ctx).score).toBe(0);
    expect(computeHealth({ status: 'active', usage: { recent: 5, previous: 0 } }, s, ctx).score).toBe(100);
  });
});

describe('weighted score with renormalisation', () => {
  it('leaves a factor without data out and renormalises the others, and says so', () => {
    const h = computeHealth(base, three, ctx);
    // (70·20 + 75·30) / 50 = 73
    expect(h.score).toBe(73);
    expect(h.band?.key).toBe('at_risk');
    const f = Object.fromEntries(h.factors.map((x) => [x.key, x]));
    expect(f.communication).toMatchObject({ value: 1.5, score: 70, weight: 20, share: 0.4, contribution: 28, status: 'scored' });
    expect(f.payment).toMatchObject({ score: 75, weight: 30, share: 0.6, contribution: 45, status: 'scored' });
    expect(f.satisfaction).toMatchObject({ score: null, weight: 50, share: 0, contribution: 0, status: 'no_data' });
    expect(f.satisfaction!.note).toMatch(/left out, the other weights renormalised/);
    expect(f.usage!.status).toBe('off');
    expect(h.leftOut).toEqual(['satisfaction']);
    expect(h.summary).toMatch(/left out for lack of data: satisfaction/);
  });

  it('counts every factor with data at its full weight (half points round up)', () => {
    // (70·20 + 75·30 + 100·50) / 100 = 86.5 → 87
    const h = computeHealth({ ...base, npsLatest: 10 }, three, ctx);
    expect(h.exactScore).toBeCloseTo(86.5, 10);
    expect(h.score).toBe(87);
    expect(h.band?.name).toBe('Healthy');
    expect(h.leftOut).toEqual([]);
  });

  it('lets the worse payment signal decide: 30 days overdue scores 40 whatever the on-time rate', () => {
    const h = computeHealth({ ...base, overdueDays: 30 }, three, ctx);
    const payment = h.factors.find((x) => x.key === 'payment')!;
    expect(payment).toMatchObject({ score: 40, value: 30, unit: 'days' });
    expect(payment.measures.map((m) => [m.key, m.score])).toEqual([['onTimePaymentRate', 75], ['overdueDays', 40]]);
    expect(h.score).toBe(52); // (70·20 + 40·30) / 50
  });

  it('averages satisfaction measures: NPS 6 → 30, CSAT 4 → 75, mean 52.5', () => {
    const s = withSettings({ weights: weights({ satisfaction: 1 }) });
    expect(computeHealth({ status: 'active', npsLatest: 6, csatAverage: 4 }, s, ctx).exactScore).toBeCloseTo(52.5, 10);
  });

  it('has no score when no weighted factor has data', () => {
    const h = computeHealth({ status: 'active', referrals: 3 }, three, ctx);
    expect(h).toMatchObject({ score: null, exactScore: null, band: null });
    expect(h.summary).toMatch(/No score yet/);
  });

  it('expects no contact from churned clients: communication is left out with the reason', () => {
    const h = computeHealth({ ...base, status: 'churned' }, three, ctx);
    expect(h.score).toBe(75);
    expect(h.factors.find((x) => x.key === 'communication')!.note).toMatch(/No contact cadence is expected for churned clients/);
  });

  it('weighs a segment’s clients with its profile (weights and cadence)', () => {
    const s = withSettings({
      weights: weights({ communication: 1, usage: 1 }),
      profiles: [{ id: 'p1', name: 'SaaS', segmentId: 'seg-saas', weights: weights({ usage: 3, communication: 1 }), cadence: 'weekly' }],
    });
    const inputs: HealthInputs = { status: 'active', daysSinceContact: 14, usage: { recent: 80, previous: 100 } };
    // Workspace weights: 14/30 of a month → 100; usage −20 % → 50; (100 + 50)/2 = 75.
    expect(computeHealth(inputs, s, ctx)).toMatchObject({ score: 75, profile: null, cadence: 'monthly' });
    // SaaS profile: weekly cadence, 14 days = 2 × → 40; (50·3 + 40·1)/4 = 47.5 → 48, Critical.
    const saas = computeHealth({ ...inputs, segmentIds: ['other', 'seg-saas'] }, s, ctx);
    expect(saas).toMatchObject({ score: 48, profile: { id: 'p1', name: 'SaaS' }, cadence: 'weekly' });
    expect(saas.band?.key).toBe('critical');
  });

  it('stays within 0–100 and never drops when one measure improves along its curve (seeded random inputs)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ranges: Record<string, [number, number]> = {
      onTimePaymentRate: [0, 100], overdueDays: [0, 120], openTickets: [0, 10], recentTickets: [0, 20], npsLatest: [0, 10], npsTrend: [-5, 5], csatAverage: [1, 5],
      orderOnTimeRate: [0, 100], orderRating: [1, 5], referrals: [0, 5], responseCompliance: [0, 100], contactEngagement: [0, 100],
    };
    for (let run = 0; run < 300; run++) {
      const inputs: Record<string, unknown> = { status: 'active', daysSinceContact: Math.floor(rnd() * 200), usage: { recent: rnd() * 100, previous: rnd() * 100 } };
      for (const [k, [lo, hi]] of Object.entries(ranges)) if (rnd() < 0.8) inputs[k] = lo + rnd() * (hi - lo);
      const h = computeHealth(inputs as HealthInputs, defaultHealthSettings, ctx);
      expect(h.exactScore).toBeGreaterThanOrEqual(0);
      expect(h.exactScore).toBeLessThanOrEqual(100);
      for (const k of Object.keys(ranges)) {
        if (typeof inputs[k] !== 'number') continue;
        const curve = defaultHealthSettings.curves[k as keyof typeof ranges & keyof HealthSettings['curves']];
        const better = curve[curve.length - 1]!.y >= curve[0]!.y ? 1 : -1;
        const moved = computeHealth({ ...inputs, [k]: (inputs[k] as number) + better * (ranges[k]![1] - ranges[k]![0]) * 0.1 } as HealthInputs, defaultHealthSettings, ctx);
        expect(moved.exactScore!).toBeGreaterThanOrEqual(h.exactScore! - 1e-9);
      }
    }
  });
});

describe('bands', () => {
  it('standard preset: Healthy 75–100, At-Risk 50–74, Critical 0–49', () => {
    const b = bandPresetBands.standard;
    expect([100, 75, 74, 50, 49, 0].map((s) => bandFor(s, b)!.key)).toEqual(['healthy', 'healthy', 'at_risk', 'at_risk', 'critical', 'critical']);
    expect(bandFor(null, b)).toBeNull();
  });

  it('four-band preset: Excellent 80–100, Good 60–79, Fair 40–59, At Risk < 40', () => {
    const b = bandPresetBands.fourBand;
    expect([80, 79, 60, 59, 40, 39, 0].map((s) => bandFor(s, b)!.name)).toEqual(['Excellent', 'Good', 'Good', 'Fair', 'Fair', 'At Risk', 'At Risk']);
    expect(computeHealth(base, { ...three, bands: b }, ctx).band?.name).toBe('Good'); // 73
  });

  it('recommends the product documents’ action per band; critical: an executive call within 48 h', () => {
    expect(recommendedAction('critical', bandPresetBands.standard)).toEqual({ action: expect.stringMatching(/executive call within 48 h/), dueHours: 48 });
    expect(recommendedAction('at_risk', bandPresetBands.fourBand)!.action).toMatch(/Immediate action required/);
    expect(recommendedAction('nope', bandPresetBands.standard)).toBeNull();
  });

  it('tells a move down from a move up by the bands’ ranges', () => {
    const b = bandPresetBands.standard;
    expect(bandMove('healthy', 'critical', b)).toBe('down');
    expect(bandMove('critical', 'at_risk', b)).toBe('up');
    expect(bandMove('healthy', 'healthy', b)).toBe('none');
    expect(bandMove(null, 'healthy', b)).toBe('none');
  });

  const custom = (green: [number, number], amber: [number, number], red: [number, number]): unknown[] => [
    { key: 'green', name: 'Green', min: green[0], max: green[1], color: '#00aa00' },
    { key: 'amber', name: 'Amber', min: amber[0], max: amber[1], color: '#ffaa00' },
    { key: 'red', name: 'Red', min: red[0], max: red[1], color: '#dd0000' },
  ];

  it('accepts custom bands that cover 0–100, marks them custom, and bands scores by them', () => {
    const r = applyHealthSettingsUpdate(three, { bands: custom([70, 100], [30, 69], [0, 29]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.settings.bandPreset).toBe('custom');
    expect(r.settings.bands[0]).toMatchObject({ action: '', actionDueHours: null });
    expect(computeHealth(base, r.settings, ctx).band).toEqual({ key: 'green', name: 'Green', color: '#00aa00' });
    expect(countByBand([100, 70, 69, 12, null], r.settings.bands)).toEqual({ byBand: { green: 2, amber: 1, red: 1 }, unscored: 1 });
  });

  it('refuses overlapping, gapped or short bands with the field and the reason', () => {
    expect(errorsOf(applyHealthSettingsUpdate(three, { bands: custom([70, 100], [30, 70], [0, 29]) }))).toEqual([{ path: 'bands.0.min', message: 'overlaps “Amber” (30–70)' }]);
    expect(errorsOf(applyHealthSettingsUpdate(three, { bands: custom([70, 100], [30, 65], [0, 29]) }))).toEqual([
      { path: 'bands.0.min', message: 'leaves scores 66–69 in no band (between “Amber” and “Green”)' },
    ]);
    expect(errorsOf(applyHealthSettingsUpdate(three, { bands: custom([70, 95], [30, 69], [5, 29]) }))).toEqual([
      { path: 'bands.2.min', message: 'must be 0: scores 0–4 would have no band' },
      { path: 'bands.0.max', message: 'must be 100: scores 96–100 would have no band' },
    ]);
    expect(errorsOf(applyHealthSettingsUpdate(three, { bands: custom([70, 100], [69, 30], [0, 29]) }))).toEqual([{ path: 'bands.1.max', message: 'must not be below min (69)' }]);
    const dup = custom([70, 100], [30, 69], [0, 29]);
    (dup[2] as { key: string }).key = 'green';
    expect(errorsOf(applyHealthSettingsUpdate(three, { bands: dup }))).toContainEqual({ path: 'bands.2.key', message: 'is used by another band (green)' });
    expect(errorsOf(applyHealthSettingsUpdate(three, { bands: [{ key: 'x', name: 'X', min: 0, max: 100, color: 'red' }] }))).toEqual([
      { path: 'bands.0.color', message: 'must be a colour like #2f9e44' },
      { path: 'bands', message: 'needs at least 2 bands' },
    ]);
  });

  it('switches to a preset by name, and keeps the preset’s name when its bands are sent back unchanged', () => {
    const r = applyHealthSettingsUpdate(three, { bandPreset: 'fourBand' });
    expect(r.ok && r.settings.bands.map((b) => b.key)).toEqual(['excellent', 'good', 'fair', 'at_risk']);
    const back = applyHealthSettingsUpdate(three, { bands: JSON.parse(JSON.stringify(bandPresetBands.fourBand)) as unknown[] });
    expect(back.ok && back.settings.bandPreset).toBe('fourBand');
  });
});

describe('settings validation', () => {
  it('names the field of a negative weight, an unknown factor and all-zero weights', () => {
    expect(errorsOf(applyHealthSettingsUpdate(three, { weights: { usage: -1 } }))).toEqual([{ path: 'weights.usage', message: 'must not be negative' }]);
    expect(errorsOf(applyHealthSettingsUpdate(three, { weights: { happiness: 5 } }))).toEqual([{ path: 'weights', message: 'unknown field: happiness' }]);
    // Zeroing the last weighted factors one PUT at a time is caught on the merged weights.
    expect(errorsOf(applyHealthSettingsUpdate(three, { weights: { communication: 0, payment: 0, satisfaction: 0 } }))).toEqual([
      { path: 'weights', message: 'must give at least one factor a weight above 0' },
    ]);
  });

  it('refuses zero or negative windows and curves whose x does not increase', () => {
    expect(errorsOf(applyHealthSettingsUpdate(three, { windows: { usageDays: 0, supportDays: -7 } }))).toEqual([
      { path: 'windows.usageDays', message: 'must be at least 1 day' },
      { path: 'windows.supportDays', message: 'must be at least 1 day' },
    ]);
    const curve = [{ x: 0, y: 0 }, { x: 0, y: 50 }, { x: 10, y: 120 }];
    expect(errorsOf(applyHealthSettingsUpdate(three, { curves: { npsLatest: curve } }))).toEqual([
      { path: 'curves.npsLatest.2.y', message: 'must be at most 100' },
      { path: 'curves.npsLatest.1.x', message: "must be greater than the previous point's x (0)" },
    ]);
    expect(errorsOf(applyHealthSettingsUpdate(three, { curves: { npsLatest: [{ x: 1, y: 1 }] } }))).toEqual([{ path: 'curves.npsLatest', message: 'needs at least 2 points' }]);
  });

  it('refuses a second profile for one segment and unknown top-level fields', () => {
    const p = { id: 'a', name: 'A', segmentId: 's1', weights: weights({ usage: 1 }) };
    expect(errorsOf(applyHealthSettingsUpdate(three, { profiles: [p, { ...p, id: 'b' }] }))).toEqual([{ path: 'profiles.1.segmentId', message: 'already has a profile' }]);
    expect(applyHealthSettingsUpdate(three, { profiles: [p] }).ok).toBe(true);
    const body = (b: unknown) => updateHealthSettingsBodySchema.safeParse(b).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(body({ weight: {} })).toEqual([['', 'unknown field: weight']]);
    // The PUT body checks each part with the same paths and messages before anything is merged.
    expect(body({ weights: { usage: -1, happiness: 1 }, windows: { usageDays: 0 } })).toEqual([
      ['weights.usage', 'must not be negative'],
      ['weights', 'unknown field: happiness'],
      ['windows.usageDays', 'must be at least 1 day'],
    ]);
    expect(body({ weights: { usage: 5 }, curves: { npsLatest: [{ x: 0, y: 0 }, { x: 10, y: 100 }] }, bandPreset: 'fourBand' })).toBeUndefined();
  });

  it('merges a partial update and keeps the rest', () => {
    const r = applyHealthSettingsUpdate(three, { weights: { usage: 10 }, windows: { usageDays: 14 } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.settings.weights).toEqual({ ...three.weights, usage: 10 });
    expect(r.settings.windows).toEqual({ ...three.windows, usageDays: 14 });
    expect(r.settings.curves).toEqual(three.curves);
  });

  it('reads stored settings leniently: a broken part falls back to its default', () => {
    expect(healthSettingsFrom(undefined)).toEqual(defaultHealthSettings);
    const s = healthSettingsFrom({ weights: zeroWeights, windows: { usageDays: 7 }, bands: bandPresetBands.fourBand, bandPreset: 'fourBand' });
    expect(s.weights).toEqual(defaultHealthSettings.weights);
    expect(s.windows.usageDays).toBe(7);
    expect(s.bands).toEqual(bandPresetBands.fourBand);
    expect(Object.keys(s.curves)).toEqual([...healthMeasureKeys]);
  });
});

describe('overrides', () => {
  const bands: HealthBand[] = bandPresetBands.standard;
  const computed = computeHealth(base, three, ctx); // 73, At-Risk
  const override = (o: Partial<HealthOverride>): HealthOverride => ({ score: null, band: null, reason: 'Signed a 3-year renewal yesterday', expiresAt: '2026-12-01T00:00:00.000Z', setBy: 'u1', setAt: '2026-11-29T10:00:00.000Z', ...o });

  it('shows the overridden score (and its band) until it expires, then the computed one again', () => {
    const o = override({ score: 90 });
    expect(effectiveHealth(computed, o, bands, '2026-11-30T12:00:00Z')).toMatchObject({ score: 90, band: { key: 'healthy' }, computedScore: 73, computedBand: { key: 'at_risk' }, override: { state: 'active' } });
    expect(effectiveHealth(computed, o, bands, '2026-12-01T00:00:00Z')).toMatchObject({ score: 73, band: { key: 'at_risk' }, override: { state: 'expired', reason: 'Signed a 3-year renewal yesterday' } });
    expect(effectiveHealth(computed, null, bands, '2026-11-30T12:00:00Z')).toMatchObject({ score: 73, override: null });
  });

  it('forces a band while keeping the computed score; ignores a band the workspace no longer has', () => {
    expect(effectiveHealth(computed, override({ band: 'critical' }), bands, '2026-11-30T00:00:00Z')).toMatchObject({ score: 73, band: { key: 'critical', name: 'Critical' } });
    expect(effectiveHealth(computed, override({ band: 'gone' }), bands, '2026-11-30T00:00:00Z')).toMatchObject({ score: 73, band: { key: 'at_risk' }, override: { state: 'band_removed' } });
  });

  it('requires a reason and a score or a band', () => {
    const paths = (body: unknown) => healthOverrideBodySchema.safeParse(body).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(paths({ score: 80, expiresAt: '2026-12-01T00:00:00Z' })).toEqual([['reason', 'is required: say why the score is overridden']]);
    expect(paths({ score: 80, reason: '   ', expiresAt: '2026-12-01T00:00:00Z' })).toEqual([['reason', 'is required: say why the score is overridden']]);
    expect(paths({ reason: 'x', expiresAt: '2026-12-01T00:00:00Z' })).toEqual([['score', 'give a score or a band']]);
    expect(paths({ score: 101, reason: 'x', expiresAt: 'soon' })!.map((p) => p[0])).toEqual(['score', 'expiresAt']);
  });

  it('checks the expiry against now and the band against the workspace’s bands', () => {
    const now = '2026-11-29T12:00:00.000Z';
    const body = (b: object) => healthOverrideBodySchema.parse({ reason: 'x', ...b });
    expect(checkOverride(body({ score: 80, expiresAt: '2026-11-29T11:00:00Z' }), bands, now)).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    expect(checkOverride(body({ score: 80, expiresAt: '2028-01-01T00:00:00Z' }), bands, now)).toEqual([{ path: 'expiresAt', message: 'must be within 365 days' }]);
    expect(checkOverride(body({ band: 'amber', expiresAt: '2026-12-01T00:00:00Z' }), bands, now)).toEqual([{ path: 'band', message: 'is not a band of this workspace (healthy, at_risk, critical)' }]);
    expect(checkOverride(body({ band: 'healthy', score: 60, expiresAt: '2026-12-01T00:00:00Z' }), bands, now)).toEqual([{ path: 'score', message: 'is outside the band “Healthy” (75–100)' }]);
    expect(checkOverride(body({ band: 'healthy', score: 80, expiresAt: '2026-12-01T00:00:00Z' }), bands, now)).toEqual([]);
  });
});

describe('what changed since the last score', () => {
  it('names the factor and the raw value behind a drop', () => {
    const before = computeHealth(base, three, ctx); // 73: communication 28, payment 45
    const after = computeHealth({ ...base, overdueDays: 30 }, three, ctx); // 52: communication 28, payment 24
    const d = diffHealth(before, after);
    expect(d).toMatchObject({ scoreBefore: 73, scoreAfter: 52, scoreChange: -21, bandChanged: false });
    expect(d.changes).toEqual([
      { factor: 'payment', label: 'Payment behaviour', scoreBefore: 75, scoreAfter: 40, points: -21, text: 'Payment behaviour 75 → 40 (−21 points): Oldest overdue invoice 0 → 30 days' },
    ]);
    expect(d.summary).toBe('Score 73 → 52 (−21). Biggest change: Payment behaviour 75 → 40 (−21 points): Oldest overdue invoice 0 → 30 days');
  });

  it('explains a factor losing its data (renormalisation moves the others) and the band change', () => {
    const before = computeHealth({ ...base, npsLatest: 10 }, three, ctx); // 87: communication 14, payment 22.5, satisfaction 50
    const after = computeHealth(base, three, ctx); // 73: communication 28, payment 45
    const d = diffHealth(before, after);
    expect(d).toMatchObject({ scoreChange: -14, bandChanged: true, bandBefore: { key: 'healthy' }, bandAfter: { key: 'at_risk' } });
    expect(d.changes.map((c) => [c.factor, c.points])).toEqual([['satisfaction', -50], ['payment', 22.5], ['communication', 14]]);
    expect(d.changes[0]!.text).toBe('Satisfaction: no data now — left out, the other weights renormalised (−50 points)');
    expect(d.changes[2]!.text).toBe('Communication recency (+14 points): its share of the weights 20% → 40%');
    expect(d.summary).toMatch(/^Score 87 → 73 \(−14\), Healthy → At-Risk\. Biggest change: Satisfaction/);
  });

  it('returns exactly the shapes the API schemas describe (nothing stripped, nothing missing)', () => {
    const before = computeHealth({ ...base, npsLatest: 10 }, three, ctx);
    const after = computeHealth({ ...base, overdueDays: 30 }, three, ctx);
    expect(healthExplanationSchema.parse(after)).toEqual(after);
    const d = diffHealth(before, after);
    expect(healthDiffSchema.parse(d)).toEqual(d);
  });

  it('explains a factor that was off (weight 0, scored anyway) and is now weighted but without data — no crash on the missing score', () => {
    // A client moving into a segment whose weight profile counts satisfaction, and its last NPS aged out.
    const before = computeHealth({ ...base, npsLatest: 10 }, withSettings({ weights: weights({ communication: 20, payment: 30 }) }), ctx);
    const after = computeHealth(base, three, ctx);
    expect(before.factors.find((f) => f.key === 'satisfaction')).toMatchObject({ status: 'off', score: 100 });
    const d = diffHealth(before, after);
    expect(d.changes.find((c) => c.factor === 'satisfaction')).toMatchObject({ scoreBefore: 100, scoreAfter: null, text: 'Satisfaction 100 → no score (±0 points): Latest NPS 10 → no data' });
  });

  it('calls the first score a first score, and an unchanged one unchanged', () => {
    const h = computeHealth(base, three, ctx);
    expect(diffHealth(null, h)).toMatchObject({ scoreBefore: null, scoreAfter: 73, changes: [], summary: expect.stringMatching(/^First score: 73 \(At-Risk\)/) });
    expect(diffHealth(h, computeHealth(base, three, ctx))).toMatchObject({ scoreChange: 0, changes: [], summary: 'Score unchanged at 73' });
  });
});

describe('30-day trend', () => {
  const day = (d: number) => new Date(Date.UTC(2026, 10, d)).toISOString();
  const now = day(29);
  it('compares the latest score with the earliest one of the last 30 days', () => {
    const history = [{ at: day(1), score: 10 }, { at: new Date(Date.UTC(2026, 9, 25)).toISOString(), score: 99 }, { at: day(5), score: 80 }, { at: day(20), score: 70 }, { at: day(29), score: 62 }];
    expect(healthTrend(history, now)).toEqual({ days: 30, from: 10, to: 62, change: 52, direction: 'up' });
    expect(healthTrend(history.slice(2), now)).toEqual({ days: 30, from: 80, to: 62, change: -18, direction: 'down' });
    expect(healthTrend([{ at: day(28), score: 50 }, { at: day(29), score: 50 }], now).direction).toBe('flat');
    expect(healthTrend([{ at: day(29), score: 50 }], now)).toMatchObject({ change: null, direction: 'unknown' });
  });
});
