import { PasswordInput, type PasswordInputProps } from '@mantine/core';

/**
 * Mantine labels the show/hide button "Toggle password visibility", which makes a search
 * for the field labelled "Password" (screen readers, Playwright's getByLabel) find two things.
 */
export function PasswordField(props: PasswordInputProps) {
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': 'Show or hide what you typed' }} {...props} />;
}
