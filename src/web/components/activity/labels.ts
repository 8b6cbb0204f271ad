import type { InteractionKind } from '../../../domain/interaction';
import type { OrderStatus } from '../../../domain/order';
import type { TimelineKind } from '../../../domain/timeline';

export const interactionLabels: Record<InteractionKind, string> = {
  email: 'E-mail',
  call: 'Call',
  meeting: 'Meeting',
  sms: 'SMS',
  chat: 'Chat',
  note: 'Note',
  ticket: 'Support ticket',
  in_person: 'In person',
  automated: 'Automated',
};

export const orderStatusLabels: Record<OrderStatus, string> = {
  requested: 'Requested',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const orderStatusColors: Record<OrderStatus, string> = { requested: 'gray', scheduled: 'blue', in_progress: 'yellow', completed: 'teal', cancelled: 'red' };

/** Filter chip labels; `order` uses the workspace's word. */
export const timelineKindLabel = (kind: TimelineKind, orderWords: string): string =>
  ({
    interaction: 'Interactions',
    task: 'Tasks',
    order: orderWords,
    invoice: 'Invoices',
    payment: 'Payments',
    contract: 'Contracts',
    document: 'Documents',
    feedback: 'Feedback',
    referral: 'Referrals',
    loyalty: 'Loyalty',
    status: 'Status',
    health: 'Health',
    alert: 'Alerts',
  })[kind];

export const humanize = (s: string) => (s ? (s.charAt(0).toUpperCase() + s.slice(1)).replace(/_/g, ' ') : s);
