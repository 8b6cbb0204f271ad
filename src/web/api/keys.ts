/** Query keys, in one place so invalidations match. */
export const meKey = ['me'] as const;
export const setupKey = ['setup'] as const;
export const workspacesKey = ['workspaces'] as const;
export const teamKey = ['team'] as const;
export const apiKeysKey = ['api-keys'] as const;
export const auditKey = ['audit'] as const;
