import { Alert, Button, Skeleton, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { ApiKey } from '../../domain/apiKey';
import { useApiKeys, useRevokeApiKey } from '../api/apiKeys';
import { ApiKeyList } from '../components/ApiKeyList';
import { ConfirmModal } from '../components/ConfirmModal';
import { CreateApiKeyModal } from '../components/CreateApiKeyModal';
import { showApiError } from '../components/formErrors';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../components/RequireAuth';
import { canManage } from '../components/roles';

export function ApiKeysPage() {
  const me = useSession();
  const admin = canManage(me.role);
  const keys = useApiKeys(admin);
  const revoke = useRevokeApiKey();
  const [creating, create] = useDisclosure(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => notifications.show({ color: 'teal', message: `The key “${revoking.name}” is revoked. Calls with it now fail.` }),
      onError: (error) => showApiError(error, undefined, 'Could not revoke the key'),
      onSettled: () => setRevoking(null),
    });
  };

  const description = 'Keys let scripts and other tools use the Rapport API in this workspace, with the role you give them.';
  if (!admin) {
    return (
      <>
        <PageHeader title="API keys" description={description} />
        <Alert color="gray" icon={<IconInfoCircle />}>
          Only owners and admins manage API keys. Ask one of them if you need a key for an integration.
        </Alert>
      </>
    );
  }

  const list = keys.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="API keys"
        description={description}
        action={
          <Button leftSection={<IconPlus size={18} />} onClick={create.open}>
            Create API key
          </Button>
        }
      />
      {keys.isPending && <Stack>{[0, 1, 2].map((i) => <Skeleton key={i} h={44} />)}</Stack>}
      {keys.isError && <Alert color="red">{keys.error.message}</Alert>}
      {keys.isSuccess && list.length === 0 && (
        <Stack align="center" ta="center" py="xl" gap="xs">
          <IconKey size={40} stroke={1.4} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text fw={600}>No API keys yet</Text>
          <Text size="sm" c="dimmed" maw={420}>
            Create a key to connect a script or another tool. You will see its token once, right after creating it.
          </Text>
        </Stack>
      )}
      {list.length > 0 && <ApiKeyList keys={list} onRevoke={setRevoking} />}
      <CreateApiKeyModal opened={creating} onClose={create.close} myRole={me.role} />
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke"
        loading={revoke.isPending}
        onConfirm={confirmRevoke}
      >
        Anything using this key stops working at once. This cannot be undone; you can create a new key instead.
      </ConfirmModal>
    </>
  );
}
