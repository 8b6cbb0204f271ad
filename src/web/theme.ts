import { createTheme, localStorageColorSchemeManager, PasswordInput, Select, Textarea, TextInput } from '@mantine/core';

const systemFonts = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

// Mantine marks required fields with a "*" span inside the <label>, which becomes part of the
// label's text ("Email *") and breaks exact look-ups by label; styles.css draws it instead.
const noAsterisk = { defaultProps: { withAsterisk: false } };

// System fonts only: the CSP allows no font CDN, and self-hosted installs may be offline.
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts },
  components: {
    TextInput: TextInput.extend(noAsterisk),
    PasswordInput: PasswordInput.extend(noAsterisk),
    Select: Select.extend(noAsterisk),
    Textarea: Textarea.extend(noAsterisk),
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'rapport-color-scheme' });
