import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { Logo } from './Logo';

/** The centred card of the signed-out pages: set-up, sign-in, invitation. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Box mih="100dvh" bg="var(--mantine-color-body)">
      <Group justify="space-between" p="md">
        <Logo />
        <ColorSchemeToggle />
      </Group>
      <Center px="md" pb="xl">
        <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} w="100%" maw={440} mt={{ base: 'md', sm: 60 }}>
          <Stack gap={4} mb="lg">
            <Title order={1} size="h2">
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Center>
    </Box>
  );
}
