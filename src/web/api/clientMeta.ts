import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { List } from '../../domain/list';
import { api } from './api';
import type { CreateCustomFieldBody } from '../../domain/customField';
import type { CreateTagBody, CreateTagCategoryBody } from '../../domain/tag';
import type { UpdateClientSettingsBody } from '../../domain/clientSettings';
import type { ClientSettings, Contact, CreateContactBody, CreateGroupBody, CreateSegmentBody, CustomField, Group, Segment, Tag, TagCategory } from './clientTypes';

const id = (s: string) => encodeURIComponent(s);

/** A small CRUD resource of the workspace (tags, custom fields…): list, create, update, delete. */
function resource<T extends { id: string }, In>(path: string, key: readonly string[]) {
  return {
    useList: (enabled = true) =>
      useQuery({ queryKey: key, queryFn: () => api.get<List<T> | { data: T[] }>(`${path}?limit=500`).then((r) => r.data), enabled, staleTime: 60_000, meta: { silent: true } }),
    useCreate: () => {
      const qc = useQueryClient();
      return useMutation({ mutationFn: (body: In) => api.post<T>(path, body), onSettled: () => qc.invalidateQueries({ queryKey: key }) });
    },
    useUpdate: () => {
      const qc = useQueryClient();
      return useMutation({
        mutationFn: ({ id: itemId, ...body }: Partial<In> & { id: string; version?: number }) => api.patch<T>(`${path}/${id(itemId)}`, body),
        onSettled: () => qc.invalidateQueries({ queryKey: key }),
      });
    },
    useRemove: () => {
      const qc = useQueryClient();
      return useMutation({ mutationFn: (itemId: string) => api.delete(`${path}/${id(itemId)}`), onSettled: () => qc.invalidateQueries({ queryKey: key }) });
    },
  };
}

export const tags = resource<Tag, CreateTagBody>('/tags', ['tags']);
export const tagCategories = resource<TagCategory, CreateTagCategoryBody>('/tag-categories', ['tag-categories']);
export const customFields = resource<CustomField, CreateCustomFieldBody>('/custom-fields', ['custom-fields']);
export const segments = resource<Segment, CreateSegmentBody>('/segments', ['segments']);
export const groups = resource<Group, CreateGroupBody>('/groups', ['groups']);

export function useGroupMembers() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, ids, remove }: { groupId: string; ids: string[]; remove?: boolean }) =>
      remove ? api.delete<unknown>(`/groups/${id(groupId)}/members`, { ids }) : api.post<unknown>(`/groups/${id(groupId)}/members`, { ids }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['groups'] }),
  });
}

const settingsKey = ['settings', 'clients'] as const;
export { defaultClientSettings } from '../../domain/clientSettings';

export function useClientSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => api.get<ClientSettings>('/settings/clients'), staleTime: 5 * 60_000, meta: { silent: true } });
}

export function useSaveClientSettings() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: UpdateClientSettingsBody) => api.put<ClientSettings>('/settings/clients', body), onSuccess: (s) => qc.setQueryData(settingsKey, s) });
}

export type ContactInput = CreateContactBody;

export function useContacts(clientId: string, enabled = true) {
  return useQuery({
    queryKey: ['contacts', clientId],
    enabled,
    queryFn: () => api.get<List<Contact>>(`/clients/${id(clientId)}/contacts?limit=500`).then((r) => r.data),
  });
}

export function useSaveContact(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ contactId, version, ...body }: ContactInput & { contactId?: string; version?: number }) =>
      contactId ? api.patch<Contact>(`/contacts/${id(contactId)}`, { ...body, version }) : api.post<Contact>(`/clients/${id(clientId)}/contacts`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['contacts', clientId] }),
  });
}

export function useDeleteContact(clientId: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (contactId: string) => api.delete(`/contacts/${id(contactId)}`), onSettled: () => qc.invalidateQueries({ queryKey: ['contacts', clientId] }) });
}
