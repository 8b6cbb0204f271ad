import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Contract, createContractBodySchema, createInvoiceBodySchema, createPaymentBodySchema, Credit, Invoice, Payment, updateInvoiceBodySchema } from '../../domain/billing';
import type { List } from '../../domain/list';
import { api } from './api';
import { client360Key, refreshClient } from './activity';

export type { Contract, Invoice, Payment } from '../../domain/billing';
const enc = encodeURIComponent;

function useClientList<T>(clientId: string, kind: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), kind],
    queryFn: ({ signal }) => api.get<List<T>>(`/clients/${enc(clientId)}/${kind}?limit=200`, signal),
  });
}

export const useContracts = (clientId: string) => useClientList<Contract>(clientId, 'contracts');
export const useInvoices = (clientId: string) => useClientList<Invoice>(clientId, 'invoices');
export const usePayments = (clientId: string) => useClientList<Payment>(clientId, 'payments');

export function useCredit(clientId: string) {
  return useQuery({ queryKey: [...client360Key(clientId), 'credit'], queryFn: ({ signal }) => api.get<Credit>(`/clients/${enc(clientId)}/credit`, signal) });
}

/** One mutation per billing write; each refreshes the client's figures and timeline. */
function useClientWrite<B, R>(clientId: string, send: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => refreshClient(qc, clientId) });
}

export const useCreateContract = (clientId: string) => useClientWrite(clientId, (b: z.input<typeof createContractBodySchema>) => api.post<Contract>(`/clients/${enc(clientId)}/contracts`, b));
export const useCreateInvoice = (clientId: string) => useClientWrite(clientId, (b: z.input<typeof createInvoiceBodySchema>) => api.post<Invoice>(`/clients/${enc(clientId)}/invoices`, b));
export const useUpdateInvoice = (clientId: string) =>
  useClientWrite(clientId, ({ id, ...b }: z.input<typeof updateInvoiceBodySchema> & { id: string }) => api.patch<Invoice>(`/invoices/${enc(id)}`, b));
export const useCreatePayment = (clientId: string) => useClientWrite(clientId, (b: z.input<typeof createPaymentBodySchema>) => api.post<Payment>(`/clients/${enc(clientId)}/payments`, b));
