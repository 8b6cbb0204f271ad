export function ClientSettingsPage() { return null; }
