import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { isApiError } from '../../api/api';
import { undoMerge, type MergeResult } from '../../api/duplicates';
import { queryClient } from '../../api/queryClient';
import { movedText, plural } from './duplicateWords';

/**
 * "Merged into Anna Schmidt" with Undo, for 20 seconds. The notification lives outside the
 * router, so opening the survivor goes through the `open` callback of the page that merged.
 */
export function showMergedNotice(result: MergeResult, open: (path: string) => void) {
  const id = `merge-${result.mergeId}`;
  const undo = async () => {
    notifications.update({ id, loading: true, title: 'Undoing the merge…', message: '', autoClose: false, withCloseButton: false });
    try {
      await undoMerge(queryClient, result.mergeId!);
      notifications.update({ id, loading: false, color: 'teal', title: 'Merge undone', message: `The ${plural(result.sourceIds.length, 'client')} are back, with their records.`, autoClose: 6000, withCloseButton: true });
    } catch (e) {
      const message = isApiError(e) ? e.detail : String(e);
      notifications.update({ id, loading: false, color: 'red', title: 'Could not undo the merge', message, autoClose: false, withCloseButton: true });
    }
  };
  notifications.show({
    id,
    color: 'teal',
    title: `Merged into ${result.survivor.displayName}`,
    autoClose: 20_000,
    message: (
      <>
        <Text size="sm">
          {plural(result.sourceIds.length, 'client')} merged; {Object.values(result.moved).some((n) => n > 0) ? `moved: ${movedText(result.moved)}` : 'no related records to move'}.
        </Text>
        <Group gap="xs" mt={6}>
          <Button size="compact-sm" variant="light" onClick={() => void undo()}>
            Undo
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => {
              notifications.hide(id);
              open(`/clients/${result.survivor.id}`);
            }}
          >
            Open {result.survivor.displayName}
          </Button>
        </Group>
      </>
    ),
  });
}
