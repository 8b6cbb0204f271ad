export function ClientDetailPage() { return null; }
