import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

// System fonts only: the CSP allows no font CDN, and self-hosted installs may be offline.
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'rapport-color-scheme' });
