/** What the dashboard reads of health_scores.last_change (a HealthDiff). */
export type HealthChangeOrNull = { summary?: string } | null;
