/**
 * @module portal-session
 * What every part of an open portal page may ask of the page: reload the overview after a change,
 * and end the page when the session is gone (expired, revoked) — then the customer is told to open
 * the link again instead of seeing a failed form.
 */
import { createContext, useContext } from 'react';

export interface PortalSession {
  /** Loads the overview again; the page keeps showing the old one until the new one is there. */
  reload: () => Promise<void>;
  /** The API said the session is gone. */
  sessionEnded: () => void;
}

export const PortalSessionContext = createContext<PortalSession | null>(null);

export function usePortalSession(): PortalSession {
  const value = useContext(PortalSessionContext);
  if (!value) throw new Error('usePortalSession outside the portal page');
  return value;
}
