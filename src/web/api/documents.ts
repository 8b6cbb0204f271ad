import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from './api';
import type { Document, DocumentSettings, UpdateDocumentBody, UpdateDocumentSettingsBody } from '../../domain/document';
import type { List } from '../../domain/list';
import type { Problem } from '../../domain/problem';
import { api } from './api';
import { client360Key, refreshClient } from './activity';

export type { Document } from '../../domain/document';
const enc = encodeURIComponent;

export function useDocuments(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'documents'],
    queryFn: ({ signal }) => api.get<List<Document>>(`/clients/${enc(clientId)}/documents?limit=200`, signal),
  });
}

export type UploadFields = { kind: string; title?: string; expiresAt?: string; confidential?: boolean; verification?: string; notes?: string };

/**
 * Uploads one file as multipart/form-data. XMLHttpRequest rather than fetch: only it reports
 * upload progress.
 */
export function uploadDocument(clientId: string, file: File, fields: UploadFields, onProgress: (fraction: number) => void): Promise<Document> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(key, String(value));
  form.append('file', file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/clients/${enc(clientId)}/documents`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, null, null));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Document);
      else reject(new ApiError(xhr.status, body as Partial<Problem> | null, null));
    };
    xhr.send(form);
  });
}

export function useUploadDocument(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, fields, onProgress }: { file: File; fields: UploadFields; onProgress: (f: number) => void }) => uploadDocument(clientId, file, fields, onProgress),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

export function useUpdateDocument(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateDocumentBody & { id: string }) => api.patch<Document>(`/documents/${enc(id)}`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

const documentSettingsKey = ['settings', 'documents'] as const;
export function useDocumentSettings() {
  return useQuery({ queryKey: documentSettingsKey, queryFn: () => api.get<DocumentSettings>('/settings/documents') });
}
export function useUpdateDocumentSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDocumentSettingsBody) => api.put<DocumentSettings>('/settings/documents', body),
    onSuccess: (s) => qc.setQueryData(documentSettingsKey, s),
  });
}
