import { Alert, Button, Fieldset, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh, IconTrash } from '@tabler/icons-react';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useRecordWrites, type EditablePath } from '../../api/activity';
import { isApiError } from '../../api/api';
import { ConfirmModal } from '../ConfirmModal';
import { showApiError } from '../formErrors';

type Versioned = { id: string; version: number };
type FormLike = { setErrors: (errors: Record<string, string>) => void; values: object };

/**
 * Save and delete for an edit form of one record: PATCH with the version the form was loaded
 * from, DELETE after a confirmation. A stale version (someone else saved meanwhile) shows the
 * conflict message with a Reload, like the client overview does, instead of overwriting.
 */
export function useRecordEdit<T, B extends object = object>(clientId: string, path: EditablePath, record: Versioned | undefined, what: string) {
  const { update, remove, reload } = useRecordWrites<T, B>(clientId, path);
  const [conflict, setConflict] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const onError = (form: FormLike | undefined, title: string) => (error: unknown) => {
    if (isApiError(error, 412)) return setConflict(true);
    showApiError(error, form, title);
  };
  const save = (body: B, form: FormLike, onDone: (saved: T) => void) => {
    if (!record) return;
    update.mutate({ id: record.id, version: record.version, body }, { onSuccess: onDone, onError: onError(form, `Could not save the ${what}`) });
  };
  const destroy = (onDone: () => void) => {
    if (!record) return;
    remove.mutate(
      { id: record.id, version: record.version },
      {
        onSuccess: () => {
          setConfirming(false);
          notifications.show({ color: 'teal', message: `${cap(what)} deleted.` });
          onDone();
        },
        onError: (e) => {
          setConfirming(false);
          onError(undefined, `Could not delete the ${what}`)(e);
        },
      },
    );
  };
  return {
    editing: record !== undefined,
    save,
    saving: update.isPending,
    destroy,
    deleting: remove.isPending,
    conflict,
    confirming,
    askDelete: () => setConfirming(true),
    cancelDelete: () => setConfirming(false),
    /** Fetches the record again; the form (keyed by version) re-opens with what the other person saved. */
    reload: () => {
      setConflict(false);
      if (record) void reload(record.id);
    },
  };
}

export type RecordEdit = ReturnType<typeof useRecordEdit>;

/** The conflict message of an edit form: the change was not saved; reload to see the other person's. */
export function ConflictAlert({ edit, what }: { edit: RecordEdit; what: string }) {
  if (!edit.conflict) return null;
  return (
    <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={`This ${what} was changed by someone else`} role="alert">
      <Group gap="xs" justify="space-between">
        <span>Your change was not saved. Reload to see the latest version, then make your change again.</span>
        <Button size="xs" leftSection={<IconRefresh size={14} />} onClick={edit.reload}>
          Reload
        </Button>
      </Group>
    </Alert>
  );
}

/** True when the person may only look (a viewer): record forms show Close instead of Save and Delete. */
export const ReadOnlyContext = createContext(false);

/** A record form's fields: disabled for a viewer, so the form reads as the record rather than an edit. */
export function RecordFields({ children }: { children: ReactNode }) {
  const readOnly = useContext(ReadOnlyContext);
  return (
    <Fieldset variant="unstyled" disabled={readOnly} p={0} m={0}>
      <Stack gap="sm">{children}</Stack>
    </Fieldset>
  );
}

/** "Edit call" for those who may change it, "Call" for those who may only look. */
export function useEditTitle(editTitle: string, viewTitle: string) {
  return useContext(ReadOnlyContext) ? viewTitle : editTitle;
}

/** Cancel and Save (or the create label); Delete on the left when editing, asking first. Close only when read-only. */
export function FormFooter({ edit, what, submitLabel, creating, onCancel, onDeleted, deleteNote }: {
  edit: RecordEdit;
  what: string;
  submitLabel: string;
  creating: boolean;
  onCancel: () => void;
  onDeleted: () => void;
  deleteNote?: ReactNode;
}) {
  const readOnly = useContext(ReadOnlyContext);
  if (readOnly) {
    return (
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Close
        </Button>
      </Group>
    );
  }
  return (
    <>
      <Group justify="space-between" gap="xs">
        {edit.editing ? (
          <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={edit.askDelete}>
            Delete
          </Button>
        ) : (
          <span />
        )}
        <Group gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={creating || edit.saving}>
            {edit.editing ? 'Save' : submitLabel}
          </Button>
        </Group>
      </Group>
      <ConfirmModal opened={edit.confirming} title={`Delete this ${what}?`} confirmLabel={`Delete ${what}`} loading={edit.deleting} onConfirm={() => edit.destroy(onDeleted)} onClose={edit.cancelDelete}>
        {deleteNote ?? `The ${what} is removed from the client's history and timeline. This cannot be undone.`}
      </ConfirmModal>
    </>
  );
}

export const cap = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/**
 * The fields of an edit form's body that differ from what the form opened with, so saving
 * sends only what the person changed (a date input's minute precision does not move an
 * untouched time, and a field someone else changed is not written back blindly).
 */
export function changedOnly<B extends object>(body: B, initial: B): Partial<B> {
  const out: Partial<B> = {};
  for (const key of Object.keys(body) as (keyof B)[]) if (JSON.stringify(body[key]) !== JSON.stringify(initial[key])) out[key] = body[key];
  return out;
}
