/** Picked rows, or "every client the query matches" (which may be far more than are loaded). */
export type Selection = { mode: 'ids'; ids: Set<string> } | { mode: 'all' };

export const noSelection: Selection = { mode: 'ids', ids: new Set() };

export const selectedCount = (s: Selection, total: number | undefined) => (s.mode === 'all' ? (total ?? 0) : s.ids.size);
