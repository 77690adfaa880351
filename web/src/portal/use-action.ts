/**
 * @module use-action
 * Sending one portal action: busy while it is on its way (the button says so and cannot be pressed
 * twice), the API's error kept for the form to show at its fields and below its button, and a gone
 * session handed to the page rather than shown as a form error.
 */
import { useState } from 'react';
import { isSessionGone } from './portal-client.ts';
import { usePortalSession } from './portal-session.tsx';

export interface Action<Body> {
  busy: boolean;
  error: unknown;
  /** Sends the body; true when it went through. */
  run: (body: Body) => Promise<boolean>;
}

export function useAction<Body, Result>(
  send: (body: Body) => Promise<Result>,
  onDone: (result: Result) => void,
): Action<Body> {
  const { sessionEnded } = usePortalSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (body: Body) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await send(body));
      return true;
    } catch (caught) {
      if (isSessionGone(caught)) sessionEnded();
      else setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** Moves the keyboard focus to the first field marked invalid, once the messages are on the page. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}
