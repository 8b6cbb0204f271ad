import { Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  useDocumentTitle('Page not found · Rapport');
  const { pathname } = useLocation();
  return (
    <Stack align="center" ta="center" py={60} gap="md">
      <Text fw={800} fz={64} c="dimmed" lh={1}>
        404
      </Text>
      <Title order={1} size="h2">
        There is no page here
      </Title>
      <Text c="dimmed" maw={420} style={{ wordBreak: 'break-word' }}>
        Nothing lives at <code>{pathname}</code>. The link may be mistyped or the page may have moved.
      </Text>
      <Button component={Link} to="/">
        Go to the home page
      </Button>
    </Stack>
  );
}
