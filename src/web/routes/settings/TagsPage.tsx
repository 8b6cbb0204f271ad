import { ActionIcon, Alert, Badge, Button, ColorSwatch, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { List } from '../../../domain/list';
import { roleAtLeast } from '../../../domain/role';
import { api } from '../../api/api';
import { tagCategories, tags as tagsApi } from '../../api/clientMeta';
import type { Tag, TagCategory } from '../../api/clientTypes';
import { InlineField } from '../../components/clients/InlineField';
import { ConfirmModal } from '../../components/ConfirmModal';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

const palette = ['gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'];

function ColorChoice({ value, onChange, label, disabled }: { value: string | null; onChange: (c: string | null) => void; label: string; disabled?: boolean }) {
  return (
    <Select
      aria-label={label}
      data={palette.map((c) => ({ value: c, label: c[0]!.toUpperCase() + c.slice(1) }))}
      value={value}
      onChange={onChange}
      clearable
      placeholder="Colour"
      disabled={disabled}
      w={130}
      size="xs"
      leftSection={value ? <ColorSwatch color={`var(--mantine-color-${value}-6, ${value})`} size={14} /> : undefined}
      renderOption={({ option }) => (
        <Group gap={6}>
          <ColorSwatch color={`var(--mantine-color-${option.value}-6)`} size={14} />
          {option.label}
        </Group>
      )}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Tags and their categories (industry, size, priority, service type, language…), with colours. */
export function TagsPage() {
  const me = useSession();
  const canWrite = roleAtLeast(me.role, 'member');
  const admin = roleAtLeast(me.role, 'admin');
  const tagList = useQuery({ queryKey: ['tags', 'counts'], queryFn: () => api.get<List<Tag>>('/tags?limit=500&counts=true').then((r) => r.data) });
  const categories = tagCategories.useList();
  const createTag = tagsApi.useCreate();
  const updateTag = tagsApi.useUpdate();
  const removeTag = tagsApi.useRemove();
  const createCategory = tagCategories.useCreate();
  const updateCategory = tagCategories.useUpdate();
  const removeCategory = tagCategories.useRemove();
  const [newTag, setNewTag] = useState({ name: '', categoryId: null as string | null, color: null as string | null });
  const [newCategory, setNewCategory] = useState({ name: '', color: null as string | null });
  const [deleting, setDeleting] = useState<{ kind: 'tag'; item: Tag } | { kind: 'category'; item: TagCategory } | null>(null);

  const cats = categories.data ?? [];
  const all = tagList.data ?? [];
  const groups: { category: TagCategory | null; tags: Tag[] }[] = [...cats.map((c) => ({ category: c, tags: all.filter((t) => t.categoryId === c.id) })), { category: null, tags: all.filter((t) => !t.categoryId || !cats.some((c) => c.id === t.categoryId)) }];
  const refresh = () => void tagList.refetch();

  const patchTag = async (t: Tag, body: Partial<Pick<Tag, 'name' | 'categoryId' | 'color'>>) => {
    try {
      await updateTag.mutateAsync({ id: t.id, version: t.version, ...body });
      refresh();
      return null;
    } catch (e) {
      showApiError(e, undefined, 'Could not change the tag');
      return e instanceof Error ? e.message : 'Could not save';
    }
  };

  return (
    <>
      <PageHeader title="Tags" description="Tags sort clients into groups you can filter, segment and act on in bulk. Categories keep them tidy: industry, size, priority, service type, language…" />
      {(tagList.isError || categories.isError) && <Alert color="red">Could not load the tags.</Alert>}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="sm">
            Add a tag
          </Title>
          {canWrite ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (!newTag.name.trim()) return;
                createTag.mutate(
                  { name: newTag.name.trim(), categoryId: newTag.categoryId, color: newTag.color },
                  { onSuccess: () => (setNewTag({ name: '', categoryId: newTag.categoryId, color: null }), refresh()), onError: (err) => showApiError(err, undefined, 'Could not add the tag') },
                );
              }}
            >
              <Group gap="xs" align="flex-end" wrap="wrap">
                <TextInput label="Tag name" value={newTag.name} onChange={(e) => setNewTag({ ...newTag, name: e.currentTarget.value })} size="xs" style={{ flex: '1 1 160px' }} />
                <Select label="Category" data={cats.map((c) => ({ value: c.id, label: c.name }))} value={newTag.categoryId} onChange={(v) => setNewTag({ ...newTag, categoryId: v })} clearable placeholder="None" size="xs" w={150} comboboxProps={{ withinPortal: true }} />
                <ColorChoice label="New tag colour" value={newTag.color} onChange={(color) => setNewTag({ ...newTag, color })} />
                <Button type="submit" size="xs" leftSection={<IconPlus size={14} />} loading={createTag.isPending}>
                  Add tag
                </Button>
              </Group>
            </form>
          ) : (
            <Text size="sm" c="dimmed">
              Viewers cannot add tags.
            </Text>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="sm">
            Add a category
          </Title>
          {admin ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (!newCategory.name.trim()) return;
                createCategory.mutate({ name: newCategory.name.trim(), color: newCategory.color }, { onSuccess: () => setNewCategory({ name: '', color: null }), onError: (err) => showApiError(err, undefined, 'Could not add the category') });
              }}
            >
              <Group gap="xs" align="flex-end" wrap="wrap">
                <TextInput label="Category name" placeholder="e.g. Priority" value={newCategory.name} onChange={(e) => setNewCategory({ ...newCategory, name: e.currentTarget.value })} size="xs" style={{ flex: '1 1 160px' }} />
                <ColorChoice label="New category colour" value={newCategory.color} onChange={(color) => setNewCategory({ ...newCategory, color })} />
                <Button type="submit" size="xs" leftSection={<IconPlus size={14} />} loading={createCategory.isPending}>
                  Add category
                </Button>
              </Group>
            </form>
          ) : (
            <Text size="sm" c="dimmed">
              Owners and admins manage categories.
            </Text>
          )}
        </Paper>
      </SimpleGrid>

      {(tagList.isPending || categories.isPending) && <Skeleton h={120} mt="md" />}
      <Stack gap="md" mt="md">
        {groups
          .filter((g) => g.category || g.tags.length)
          .map(({ category, tags }) => (
            <Paper key={category?.id ?? 'none'} withBorder p="md" component="section" aria-label={category?.name ?? 'Uncategorised'}>
              <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
                {category ? (
                  <Group gap="xs" wrap="wrap">
                    <div style={{ minWidth: 160 }}>
                      <InlineField
                        label="Category"
                        value={category.name}
                        readOnly={!admin}
                        onSave={async (name) => {
                          try {
                            await updateCategory.mutateAsync({ id: category.id, version: category.version, name: String(name ?? '') });
                            return null;
                          } catch (e) {
                            return e instanceof Error ? e.message : 'Could not save';
                          }
                        }}
                      />
                    </div>
                    <ColorChoice
                      label={`${category.name} colour`}
                      value={category.color}
                      disabled={!admin}
                      onChange={(color) => updateCategory.mutate({ id: category.id, version: category.version, color }, { onError: (e) => showApiError(e) })}
                    />
                  </Group>
                ) : (
                  <Title order={2} size="h5">
                    Uncategorised
                  </Title>
                )}
                {category && admin && (
                  <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting({ kind: 'category', item: category })}>
                    Delete category
                  </Button>
                )}
              </Group>
              {tags.length === 0 && (
                <Text size="sm" c="dimmed">
                  No tags in this category yet.
                </Text>
              )}
              <Stack gap={6}>
                {tags.map((t) => (
                  <Group key={t.id} gap="xs" wrap="wrap" justify="space-between">
                    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 200px' }}>
                      <Badge variant="outline" color={t.color ?? category?.color ?? 'gray'} tt="none">
                        {t.name}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {t.clientCount === null ? '' : `${t.clientCount} ${t.clientCount === 1 ? 'client' : 'clients'}`}
                      </Text>
                    </Group>
                    {canWrite && (
                      <Group gap="xs" wrap="nowrap">
                        <Select
                          aria-label={`${t.name} category`}
                          data={cats.map((c) => ({ value: c.id, label: c.name }))}
                          value={t.categoryId}
                          onChange={(v) => void patchTag(t, { categoryId: v })}
                          clearable
                          placeholder="No category"
                          size="xs"
                          w={140}
                          comboboxProps={{ withinPortal: true }}
                        />
                        <ColorChoice label={`${t.name} colour`} value={t.color} onChange={(color) => void patchTag(t, { color })} />
                        <ActionIcon variant="subtle" color="gray" aria-label={`Delete tag ${t.name}`} onClick={() => setDeleting({ kind: 'tag', item: t })}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    )}
                  </Group>
                ))}
              </Stack>
            </Paper>
          ))}
        {tagList.isSuccess && all.length === 0 && cats.length === 0 && (
          <Text c="dimmed">No tags yet. Add one above, or type a new tag on any client — it is created as you save.</Text>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete ${deleting.kind === 'tag' ? 'tag' : 'category'} “${deleting.item.name}”?` : ''}
        confirmLabel="Delete"
        loading={removeTag.isPending || removeCategory.isPending}
        onConfirm={() => {
          if (!deleting) return;
          const done = { onSettled: () => (setDeleting(null), refresh()), onError: (e: Error) => showApiError(e, undefined, 'Could not delete') };
          if (deleting.kind === 'tag') removeTag.mutate(deleting.item.id, done);
          else removeCategory.mutate(deleting.item.id, done);
        }}
      >
        {deleting?.kind === 'tag' ? 'The tag is taken off every client that carries it.' : 'Its tags stay, uncategorised.'}
      </ConfirmModal>
    </>
  );
}
