export function ClientTrashPage() { return null; }
