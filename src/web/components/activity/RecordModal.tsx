import { Alert, Loader, Modal, Stack } from '@mantine/core';
import type { Contract, Invoice, Payment } from '../../../domain/billing';
import type { Interaction } from '../../../domain/interaction';
import type { Order } from '../../../domain/order';
import type { Task } from '../../../domain/task';
import { useRecord, type EditablePath } from '../../api/activity';
import { isApiError } from '../../api/api';
import { useInvoices } from '../../api/billing';
import { ContractModal } from './ContractModal';
import { InteractionModal } from './InteractionModal';
import { InvoiceModal } from './InvoiceModal';
import { OrderModal } from './OrderModal';
import { PaymentModal } from './PaymentModal';
import { ReadOnlyContext } from './recordEdit';
import { TaskModal } from './TaskModal';

export type RecordTarget = { path: EditablePath; id: string };

/**
 * Opens one record of the client for editing: fetches its latest version, then shows the same
 * form that created it, with Save and Delete (Close only for viewers). Used by the timeline and the Orders/Billing rows.
 */
export function RecordModal({ clientId, target, onClose, canWrite }: { clientId: string; target: RecordTarget | null; onClose: () => void; canWrite: boolean }) {
  return (
    <ReadOnlyContext.Provider value={!canWrite}>
      <RecordModalBody clientId={clientId} target={target} onClose={onClose} />
    </ReadOnlyContext.Provider>
  );
}

function RecordModalBody({ clientId, target, onClose }: { clientId: string; target: RecordTarget | null; onClose: () => void }) {
  const record = useRecord<{ id: string; version: number }>(clientId, target?.path ?? 'interactions', target?.id ?? null);
  if (!target) return null;
  const data = record.data?.id === target.id ? record.data : undefined;
  if (!data) {
    return (
      <Modal opened onClose={onClose} title={record.isError ? 'Cannot open this record' : 'Opening…'}>
        {record.isError ? (
          <Alert color={isApiError(record.error, 404) ? 'gray' : 'red'}>
            {isApiError(record.error, 404) ? 'It was deleted, or you cannot see it any more.' : record.error.message}
          </Alert>
        ) : (
          <Stack align="center" p="md">
            <Loader size="sm" aria-label="Loading" />
          </Stack>
        )}
      </Modal>
    );
  }
  const common = { clientId, opened: true, onClose };
  switch (target.path) {
    case 'interactions':
      return <InteractionModal {...common} interaction={data as Interaction} />;
    case 'tasks':
      return <TaskModal {...common} task={data as Task} />;
    case 'orders':
      return <OrderModal {...common} order={data as Order} />;
    case 'invoices':
      return <InvoiceModal {...common} invoice={data as Invoice} />;
    case 'contracts':
      return <ContractModal {...common} contract={data as Contract} />;
    case 'payments':
      return <PaymentOpener {...common} payment={data as Payment} />;
  }
}

function PaymentOpener(props: { clientId: string; opened: boolean; onClose: () => void; payment: Payment }) {
  const invoices = useInvoices(props.clientId);
  return <PaymentModal {...props} invoices={invoices.data?.data ?? []} />;
}
