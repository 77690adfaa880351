/**
 * @module router
 * The pages and their addresses (code-based routes of @tanstack/react-router).
 */
import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { CaseDetailPage } from '../pages/collection/case-detail-page.tsx';
import { CollectionPage } from '../pages/collection/collection-page.tsx';
import { CustomerDetailPage } from '../pages/customers/customer-detail-page.tsx';
import { CustomersPage } from '../pages/customers/customers-page.tsx';
import { DashboardPage } from '../pages/dashboard/dashboard-page.tsx';
import { DunningPage } from '../pages/dunning/dunning-page.tsx';
import { InvoiceDetailPage } from '../pages/invoices/invoice-detail-page.tsx';
import { InvoicesPage } from '../pages/invoices/invoices-page.tsx';
import { OrderDetailPage } from '../pages/orders/order-detail-page.tsx';
import { OrdersPage } from '../pages/orders/orders-page.tsx';
import { PaymentsPage } from '../pages/payments/payments-page.tsx';
import { PlanDetailPage } from '../pages/plans/plan-detail-page.tsx';
import { PlansPage } from '../pages/plans/plans-page.tsx';
import { CashForecastPage } from '../pages/risk/cash-forecast-page.tsx';
import { RiskPage } from '../pages/risk/risk-page.tsx';
import { DirectDebitsPage } from '../pages/sepa/direct-debits-page.tsx';
import { SettingsPage } from '../pages/settings/settings-page.tsx';
import { TasksPage } from '../pages/tasks/tasks-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RootLayout } from './root-layout.tsx';
import {
  collectionSearch,
  customerSearch,
  forecastSearch,
  invoiceSearch,
  planSearch,
  riskSearch,
  settingsSearch,
  taskSearch,
} from './search-params.ts';

const rootRoute = createRootRoute({ component: RootLayout, notFoundComponent: NotFoundPage });

const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: DashboardPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/customers',
    validateSearch: customerSearch,
    component: CustomersPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/customers/$customerId',
    component: CustomerDetailPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/invoices',
    validateSearch: invoiceSearch,
    component: InvoicesPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/invoices/$invoiceId',
    component: InvoiceDetailPage,
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/orders', component: OrdersPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/orders/$orderId', component: OrderDetailPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/dunning', component: DunningPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/payments', component: PaymentsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/direct-debits', component: DirectDebitsPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/plans',
    validateSearch: planSearch,
    component: PlansPage,
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/plans/$planId', component: PlanDetailPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/collection',
    validateSearch: collectionSearch,
    component: CollectionPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/collection/$caseId',
    component: CaseDetailPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/risk',
    validateSearch: riskSearch,
    component: RiskPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/cash-forecast',
    validateSearch: forecastSearch,
    component: CashForecastPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/tasks',
    validateSearch: taskSearch,
    component: TasksPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/settings',
    validateSearch: settingsSearch,
    component: SettingsPage,
  }),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent', scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
