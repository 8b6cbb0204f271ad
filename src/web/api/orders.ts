import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { List } from '../../domain/list';
import type { z } from 'zod';
import type { createOrderBodySchema, Order, updateOrderBodySchema } from '../../domain/order';
import { defaultOrderSettings, type OrderSettings, type updateOrderSettingsBodySchema } from '../../domain/orderSettings';
import { api } from './api';
import { client360Key, refreshClient } from './activity';

export type { Order, OrderStatus } from '../../domain/order';
const enc = encodeURIComponent;
const orderSettingsKey = ['settings', 'orders'] as const;

export function useOrderSettings() {
  return useQuery({ queryKey: orderSettingsKey, queryFn: () => api.get<OrderSettings>('/settings/orders'), staleTime: 60_000 });
}

export function useUpdateOrderSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof updateOrderSettingsBodySchema>) => api.put<OrderSettings>('/settings/orders', body),
    onSuccess: (settings) => {
      qc.setQueryData(orderSettingsKey, settings);
      void qc.invalidateQueries({ queryKey: ['c360'] });
    },
  });
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The workspace's word for an order (order, booking, job, project), in the four forms the UI needs. */
export function useOrderWord() {
  const settings = useOrderSettings().data ?? defaultOrderSettings;
  return { word: settings.word, words: settings.wordPlural, Word: cap(settings.word), Words: cap(settings.wordPlural), currency: settings.currency };
}

export function useClientOrders(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'orders'],
    queryFn: ({ signal }) => api.get<List<Order>>(`/clients/${enc(clientId)}/orders?limit=200`, signal),
  });
}

export function useCreateOrder(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createOrderBodySchema>) => api.post<Order>(`/clients/${enc(clientId)}/orders`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

export function useUpdateOrder(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof updateOrderBodySchema> & { id: string }) => api.patch<Order>(`/orders/${enc(id)}`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}
