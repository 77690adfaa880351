/**
 * @module order-types
 * The shapes of the order API's answers, as the order pages use them (GET /api/orders, /api/orders/:id,
 * /api/settings/orders, /api/orders/invoicing-lag).
 */

export const ORDER_STATUSES = [
  'received',
  'confirmed',
  'in-progress',
  'partly-delivered',
  'delivered',
  'invoiced',
  'paid',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderSummary {
  id: number;
  number: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  status: OrderStatus;
  orderedOn: string;
  deliveryDate: string | null;
  confirmedOn: string | null;
  deliveredOn: string | null;
  invoicedOn: string | null;
}

export interface OrderLine {
  position: number;
  description: string;
  quantity: number;
  delivered: number;
  remaining: number;
  unit: string;
  unitPriceCents: number;
  vatRatePercent: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface OrderDetail extends Omit<OrderSummary, 'customerNumber' | 'customerName'> {
  customer: { id: number; number: string; name: string; email: string | null; language: 'de' | 'en' };
  lines: OrderLine[];
  statusChanges: {
    from: OrderStatus | null;
    to: OrderStatus;
    on: string;
    note: string | null;
    actor: string;
  }[];
  deliveryDateChanges: {
    previousDate: string | null;
    newDate: string;
    reason: string;
    on: string;
    actor: string;
  }[];
  deliveries: {
    id: number;
    deliveredOn: string;
    lines: { position: number; quantity: number }[];
    isComplete: boolean;
    note: string | null;
    invoiceNumber: string | null;
  }[];
  invoices: {
    id: number;
    number: string;
    status: string;
    issuedOn: string;
    dueDate: string;
    grossCents: number;
  }[];
  nextStatuses: OrderStatus[];
  isPaid: boolean;
  totalGrossCents: number;
}

export interface QueuedEmail {
  outboxId: number;
  recipient: string;
}

export interface InvoicingLag {
  from: string;
  to: string;
  deliveries: number;
  averageDays: number | null;
  medianDays: number | null;
  maxDays: number | null;
  ordersNotInvoiced: number;
  deliveriesNotInvoiced: number;
}

/** The update templates a person may pick (the API's UPDATE_TEMPLATE_KEYS). */
export const UPDATE_TEMPLATES = [
  'order-in-progress',
  'order-partly-delivered',
  'order-delivered',
  'order-cancelled',
  'order-delivery-date-moved',
] as const;
