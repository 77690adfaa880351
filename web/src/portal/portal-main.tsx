/**
 * @module portal-main
 * Entry of the customer portal (web/portal.html, served at /portal): a page set of its own, apart
 * from the company's app — no login, no /api call, no charts — so a customer's phone loads only this.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PortalApp } from './portal-app.tsx';
import './portal.css';

const container = document.getElementById('portal');
if (!container) throw new Error('portal.html has no #portal');

createRoot(container).render(
  <StrictMode>
    <PortalApp />
  </StrictMode>,
);
