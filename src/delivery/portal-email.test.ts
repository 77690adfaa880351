import { describe, expect, it } from 'vitest';
import {
  composePortalMessage,
  isPortalMessagePayload,
  portalCodeMessage,
  portalNotificationMessage,
} from './portal-email.ts';

describe('portal e-mails', () => {
  it('sends the code in the customer’s language, and the queued payload as it is', () => {
    const de = portalCodeMessage({
      to: 'a@b.example',
      language: 'de',
      company: 'Muster & Söhne GmbH',
      code: '042917',
      minutes: 10,
      customerId: 7,
    });
    expect(isPortalMessagePayload(de)).toBe(true);
    expect(de.subject).toBe('Ihr Zugangscode für das Kundenportal von Muster & Söhne GmbH');
    expect(de.text).toContain('Ihr Zugangscode lautet: 042917\n\nEr gilt 10 Minuten und nur einmal.');
    const en = portalCodeMessage({ ...de, language: 'en', company: 'X', code: '123456', minutes: 10 });
    expect(en.text).toContain('your access code is: 123456');
    const message = composePortalMessage(de);
    expect(message).toMatchObject({ to: 'a@b.example', subject: de.subject, attachments: [] });
    expect(message.html).toContain('<p>Muster &#38; Söhne GmbH</p>');
    expect(message.html).not.toContain('Muster & Söhne');
  });

  it('tells the credit controller what the customer did', () => {
    const note = portalNotificationMessage({
      to: 'fibu@firma.example',
      customerId: 3,
      customerNumber: 'K-3',
      customerName: 'Bau <GmbH>',
      what: 'Kunde meldet Rechnung RE-1 als bezahlt',
    });
    expect(note.subject).toBe('Kundenportal: Bau <GmbH> (K-3)');
    expect(composePortalMessage(note).html).toContain('Bau &#60;GmbH&#62;');
    expect(note.text).toContain(
      'Kunde meldet Rechnung RE-1 als bezahlt\n\nEine Aufgabe dazu liegt in Mahnwerk bereit.',
    );
  });

  it('knows its payloads from others', () => {
    expect(isPortalMessagePayload({ type: 'instalment-reminder', planId: 1 })).toBe(false);
    expect(isPortalMessagePayload({ type: 'portal-message', to: 'a@b.example' })).toBe(false);
    expect(isPortalMessagePayload(null)).toBe(false);
  });
});
