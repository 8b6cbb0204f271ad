export function CustomFieldsPage() { return null; }
