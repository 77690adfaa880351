/**
 * @module portal-messages
 * Every text of the customer portal, in German (polite Sie-form, the first language) and English
 * (for customers whose language is English). `{name}` marks a value filled in; both languages use
 * the same placeholders (portal-messages.test.ts checks it).
 */
import type { Language } from './portal-types.ts';

export const de = {
  'page.title': 'Kundenportal',
  'page.loading': 'Einen Moment bitte, Ihr Kundenportal wird geöffnet …',

  'stop.unknown.title': 'Dieser Link ist uns nicht bekannt',
  'stop.unknown.text':
    'Bitte prüfen Sie, ob der Link vollständig ist. Am sichersten öffnen Sie ihn mit einem Klick direkt in unserer E-Mail. Klappt das nicht, antworten Sie bitte auf die E-Mail oder rufen Sie uns an – wir senden Ihnen gern einen neuen Link.',
  'stop.expired.title': 'Dieser Link ist abgelaufen',
  'stop.expired.text':
    'Aus Sicherheitsgründen gelten die Links zu unserem Kundenportal nur eine begrenzte Zeit. Bitte antworten Sie auf die E-Mail, mit der Sie den Link erhalten haben, oder rufen Sie uns an – wir senden Ihnen gern einen neuen Link.',
  'stop.revoked.title': 'Dieser Link gilt nicht mehr',
  'stop.revoked.text':
    'Wir haben den Link zurückgezogen, zum Beispiel weil Sie inzwischen einen neuen erhalten haben. Bitte verwenden Sie den Link aus unserer neuesten E-Mail. Haben Sie keinen, antworten Sie bitte auf die E-Mail oder rufen Sie uns an.',
  'stop.noLink.title': 'Bitte öffnen Sie Ihren persönlichen Link',
  'stop.noLink.text':
    'Das Kundenportal öffnen Sie über den Link in unserer E-Mail (zum Beispiel in einer Zahlungserinnerung). Haben Sie keine solche E-Mail, wenden Sie sich bitte an uns.',
  'stop.ended.title': 'Ihre Sitzung ist beendet',
  'stop.ended.text':
    'Aus Sicherheitsgründen endet eine Sitzung nach spätestens zwei Stunden. Bitte öffnen Sie den Link aus unserer E-Mail erneut.',
  'stop.loggedOut.title': 'Sie haben das Kundenportal verlassen',
  'stop.loggedOut.text':
    'Vielen Dank für Ihren Besuch. Über den Link in unserer E-Mail kommen Sie wieder hierher, solange er gilt.',
  'stop.tooMany.title': 'Zu viele Versuche',
  'stop.tooMany.text':
    'Zu Ihrem Schutz sind nur wenige Versuche in kurzer Zeit möglich. Bitte warten Sie eine Viertelstunde und öffnen Sie den Link dann erneut.',
  'stop.noEmail.title': 'Wir können Ihnen keinen Zugangscode senden',
  'stop.noEmail.text':
    'Für diesen Link ist ein Zugangscode per E-Mail nötig, wir haben aber keine E-Mail-Adresse von Ihnen. Bitte wenden Sie sich an uns.',
  'stop.failed.title': 'Das Kundenportal ist gerade nicht erreichbar',
  'stop.failed.text':
    'Bitte versuchen Sie es in einigen Minuten erneut. Besteht das Problem weiter, wenden Sie sich bitte an uns.',
  'stop.retry': 'Erneut versuchen',

  'code.title': 'Zugangscode eingeben',
  'code.sent':
    'Zu Ihrer Sicherheit haben wir einen sechsstelligen Code an {email} gesendet. Er gilt zehn Minuten.',
  'code.label': 'Zugangscode',
  'code.hint': 'Die sechs Ziffern aus unserer E-Mail',
  'code.submit': 'Weiter',
  'code.resend': 'Neuen Code senden',
  'code.resent':
    'Ein neuer Code ist unterwegs (höchstens einer pro Minute). Bitte sehen Sie auch im Spam-Ordner nach.',
  'code.invalid': 'Bitte geben Sie die sechs Ziffern aus der E-Mail ein.',
  'code.wrong': 'Dieser Code stimmt leider nicht. Bitte prüfen Sie die Ziffern.',
  'code.expired': 'Dieser Code ist abgelaufen. Bitte fordern Sie einen neuen an.',
  'code.tooMany':
    'Der Code wurde zu oft falsch eingegeben und gilt nicht mehr. Bitte fordern Sie einen neuen an.',
  'code.noCode': 'Es liegt kein gültiger Code vor. Bitte fordern Sie einen neuen an.',

  'header.portal': 'Kundenportal',
  'header.customer': '{name} · Kundennummer {number}',
  'header.logout': 'Abmelden',

  'due.title': 'Zu zahlen',
  'due.total': 'Offener Betrag',
  'due.asOf': 'Stand: {date}',
  'due.covers': 'Für die Rechnungen {invoices}',
  'due.coversOne': 'Für die Rechnung {invoices}',
  'due.nothing': 'Derzeit ist nichts zu zahlen. Vielen Dank!',
  'due.excluded':
    'Nicht enthalten sind Rechnungen in Ratenzahlung, mit Widerspruch oder die Sie als bezahlt gemeldet haben.',
  'due.howTo': 'So überweisen Sie',
  'due.recipient': 'Empfänger',
  'due.iban': 'IBAN',
  'due.bic': 'BIC',
  'due.bank': 'Bank',
  'due.amount': 'Betrag',
  'due.reference': 'Verwendungszweck',
  'due.referenceHint':
    'Bitte übernehmen Sie den Verwendungszweck genau so – dann können wir Ihre Zahlung sofort zuordnen.',
  'due.qrTitle': 'GiroCode',
  'due.qrAlt': 'GiroCode für die Überweisung von {amount} an {recipient}',
  'due.qrHint':
    'Scannen Sie den Code mit der Foto-Überweisung Ihrer Banking-App: Empfänger, IBAN, Betrag und Verwendungszweck werden übernommen.',
  'due.noBank': 'Unsere Bankverbindung finden Sie auf der Rechnung.',

  'invoices.title': 'Offene Rechnungen',
  'invoices.none': 'Sie haben keine offenen Rechnungen.',
  'invoices.number': 'Rechnung {number}',
  'invoices.issuedOn': 'Rechnungsdatum',
  'invoices.dueDate': 'Fällig am',
  'invoices.gross': 'Rechnungsbetrag',
  'invoices.open': 'Noch offen',
  'invoices.openWithCosts': 'Noch offen (mit Zinsen und Kosten)',
  'invoices.pdf': 'Rechnung als PDF',

  'state.plan': 'In Ratenzahlung – bitte zahlen Sie die vereinbarten Raten.',
  'state.disputed': 'Ihr Widerspruch wird geprüft – bis zu unserer Antwort mahnen wir diese Rechnung nicht.',
  'state.reportedPaid': 'Als bezahlt gemeldet – wir prüfen den Zahlungseingang.',
  'state.promised': 'Sie haben die Zahlung bis zum {date} zugesagt.',
  'state.overdueOne': 'Seit 1 Tag überfällig – bitte zahlen Sie so bald wie möglich.',
  'state.overdue': 'Seit {days} Tagen überfällig – bitte zahlen Sie so bald wie möglich.',
  'state.dueToday': 'Heute fällig.',
  'state.notDue': 'Noch nicht fällig – bitte zahlen Sie bis zum {date}.',
  'badge.plan': 'Ratenzahlung',
  'badge.disputed': 'Widerspruch',
  'badge.reportedPaid': 'Als bezahlt gemeldet',
  'badge.promised': 'Zahlung zugesagt',
  'badge.overdue': 'Überfällig',
  'badge.open': 'Offen',

  'agreements.title': 'Ihre Vereinbarungen und Meldungen',
  'agreements.plan': 'Ratenzahlung vom {date} über {total}, davon noch offen: {open}.',
  'agreements.planNext': 'Nächste Rate: {amount} am {date}.',
  'agreements.proposal':
    'Ihr Vorschlag vom {date} ({months} Monatsraten, zusammen {total}) wartet auf unsere Antwort.',
  'agreements.declined':
    'Ihren Vorschlag vom {date} ({months} Monatsraten, zusammen {total}) konnten wir am {declinedOn} leider nicht annehmen. Bitte sprechen Sie uns an, wenn Sie eine andere Vereinbarung wünschen.',
  'agreements.promise': 'Zahlungszusage für {invoices}: {amount} bis zum {date}.',
  'agreements.reported': 'Zahlung für Rechnung {invoice} gemeldet: {amount} am {date}.',
  'agreements.reported.open': 'Wir prüfen den Zahlungseingang.',
  'agreements.reported.found': 'Gefunden – vielen Dank.',
  'agreements.reported.not-found': 'Leider nicht gefunden – bitte wenden Sie sich an uns.',
  'agreements.dispute': 'Widerspruch zu Rechnung {invoice} vom {date}.',
  'agreements.disputeOpen': 'Wir prüfen ihn.',
  'agreements.disputeResolved': 'Erledigt am {date}.',

  'payments.title': 'Ihre Zahlungen',
  'payments.none': 'Bisher ist keine Zahlung von Ihnen bei uns eingegangen.',
  'payments.date': 'Eingang',
  'payments.amount': 'Betrag',
  'payments.reversed': 'zurückgebucht',

  'documents.title': 'Rechnungen und Schreiben',
  'documents.none': 'Keine Dokumente vorhanden.',
  'documents.pdf': 'PDF',

  'actions.title': 'Was möchten Sie tun?',
  'actions.paid': 'Ich habe bereits bezahlt',
  'actions.paid.intro':
    'Melden Sie uns Ihre Zahlung. Bis wir sie gefunden haben, erhalten Sie für diese Rechnung keine Mahnung.',
  'actions.paid.submit': 'Zahlung melden',
  'actions.paid.done':
    'Vielen Dank! Wir suchen Ihre Zahlung für Rechnung {invoice}. Bis zum {date} erhalten Sie dafür keine Mahnung.',
  'actions.paid.none': 'Keine Rechnung, für die Sie eine Zahlung melden könnten.',
  'actions.dispute': 'Ich möchte einer Rechnung widersprechen',
  'actions.dispute.intro':
    'Stimmt etwas nicht? Schreiben Sie uns, was nicht stimmt. Bis wir Ihnen antworten, mahnen wir diese Rechnung nicht.',
  'actions.dispute.submit': 'Widerspruch senden',
  'actions.dispute.done':
    'Ihr Widerspruch zu Rechnung {invoice} ist bei uns eingegangen. Wir prüfen ihn und melden uns; bis dahin mahnen wir diese Rechnung nicht.',
  'actions.dispute.doneWithFile':
    'Ihr Widerspruch zu Rechnung {invoice} ist mit der Datei „{file}“ bei uns eingegangen. Wir prüfen ihn und melden uns; bis dahin mahnen wir diese Rechnung nicht.',
  'actions.dispute.none': 'Keine Rechnung, der Sie noch widersprechen könnten.',
  'actions.promise': 'Ich zahle zu einem späteren Termin',
  'actions.promise.intro':
    'Sagen Sie uns, bis wann Sie zahlen – höchstens {days} Tage ab heute. Bis dahin erhalten Sie keine Mahnung.',
  'actions.promise.submit': 'Zahlung zusagen',
  'actions.promise.done':
    'Vielen Dank! Wir haben Ihre Zusage notiert: {amount} bis zum {date} für {invoices}.',
  'actions.promise.none': 'Keine Rechnung, für die Sie eine Zahlung zusagen könnten.',
  'actions.plan': 'Ich möchte in Raten zahlen',
  'actions.plan.intro':
    'Schlagen Sie monatliche Raten für Ihre offenen Rechnungen vor (Rechnungen mit Widerspruch ausgenommen).',
  'actions.plan.limits':
    'Bis zu {months} Monatsraten mit mindestens {min} je Rate vereinbaren wir sofort. Andere Vorschläge prüfen wir persönlich und melden uns bei Ihnen.',
  'actions.plan.limitsReviewed':
    'Möglich sind bis zu {months} Monatsraten mit mindestens {min} je Rate. Wir prüfen jeden Vorschlag persönlich und melden uns bei Ihnen.',
  'actions.plan.preview': '{months} Monatsraten zu etwa {amount} – zusammen {total}.',
  'actions.plan.outside':
    'Dieser Vorschlag liegt außerhalb der genannten Grenzen ({reasons}). Sie können ihn trotzdem senden; wir prüfen ihn dann und melden uns.',
  'actions.plan.outsideMonths': 'mehr als {months} Monatsraten',
  'actions.plan.outsideInstalment': 'Rate unter {min}',
  'actions.plan.submit': 'Raten vorschlagen',
  'actions.plan.accepted':
    'Ihre Ratenzahlung ist vereinbart: {count} Monatsraten, die erste über {amount} am {date}. Bitte zahlen Sie jede Rate pünktlich; Ihren Plan sehen Sie unter „Ihre Vereinbarungen und Meldungen“.',
  'actions.plan.awaiting':
    'Vielen Dank! Ihr Vorschlag ({months} Monatsraten zu etwa {amount}) ist bei uns eingegangen. Wir prüfen ihn und melden uns bei Ihnen.',
  'actions.plan.pending':
    'Ihr Vorschlag vom {date} wartet auf unsere Antwort. Einen weiteren können Sie senden, sobald wir geantwortet haben.',
  'actions.plan.none': 'Derzeit ist keine Rechnung offen, die Sie in Raten zahlen könnten.',
  'actions.email': 'Meine E-Mail-Adresse für Rechnungen ändern',
  'actions.email.current': 'Rechnungen und Erinnerungen senden wir derzeit an {email}.',
  'actions.email.noCurrent': 'Wir haben derzeit keine E-Mail-Adresse für Rechnungen von Ihnen.',
  'actions.email.submit': 'Adresse speichern',
  'actions.email.done': 'Gespeichert. Rechnungen und Erinnerungen senden wir ab jetzt an {email}.',

  'field.invoice': 'Rechnung',
  'field.invoiceOption': '{number} – noch offen {amount}',
  'field.invoices': 'Rechnungen',
  'field.paidOn': 'Bezahlt am',
  'field.amount': 'Betrag in Euro',
  'field.amountHint': 'Zum Beispiel 120,50',
  'field.note': 'Hinweis (freiwillig)',
  'field.paidNoteHint': 'Zum Beispiel das Konto, von dem Sie gezahlt haben, oder Ihren Verwendungszweck',
  'field.reason': 'Grund',
  'field.reasonChoose': 'Bitte wählen …',
  'field.text': 'Ihre Nachricht',
  'field.textHint': 'Was stimmt nicht? Höchstens 2000 Zeichen.',
  'field.file': 'Beleg (freiwillig)',
  'field.fileHint': 'PDF, PNG oder JPEG, höchstens 5 MB',
  'field.payBy': 'Ich zahle bis zum',
  'field.payByHint': 'Spätestens am {date}',
  'field.promiseAmount': 'Betrag in Euro (freiwillig)',
  'field.promiseAmountHint': 'Leer lassen, wenn Sie alles Offene dieser Rechnungen zahlen',
  'field.months': 'Anzahl der Monatsraten',
  'field.firstDueDate': 'Erste Rate am',
  'field.firstDueDateHint': 'Frühestens heute, spätestens am {date}',
  'field.planNote': 'Nachricht an uns (freiwillig)',
  'field.email': 'Neue E-Mail-Adresse',

  'reason.not-received': 'Leistung nicht erhalten',
  'reason.defective': 'Leistung mangelhaft',
  'reason.wrong-amount': 'Betrag falsch',
  'reason.not-ordered': 'Nicht bestellt',
  'reason.other': 'Sonstiges',

  'invalid.chooseInvoice': 'Bitte wählen Sie eine Rechnung.',
  'invalid.chooseInvoices': 'Bitte wählen Sie mindestens eine Rechnung.',
  'invalid.chooseReason': 'Bitte wählen Sie einen Grund.',
  'invalid.date': 'Bitte geben Sie ein Datum an.',
  'invalid.dateRange': 'Bitte wählen Sie einen Tag vom {from} bis zum {to}.',
  'invalid.amount': 'Bitte geben Sie einen Betrag an, zum Beispiel 120,50.',
  'invalid.amountPositive': 'Der Betrag muss größer als 0 sein.',
  'invalid.months': 'Bitte geben Sie eine ganze Zahl von 1 bis {max} an.',
  'invalid.text': 'Bitte schreiben Sie uns kurz, was nicht stimmt.',
  'invalid.tooLong': 'Bitte fassen Sie sich kürzer: höchstens {max} Zeichen.',
  'invalid.fileType': 'Bitte wählen Sie eine PDF-, PNG- oder JPEG-Datei.',
  'invalid.fileSize': 'Die Datei ist zu groß: höchstens 5 MB.',
  'invalid.email': 'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel buchhaltung@firma.de.',
  'invalid.notEligible':
    'Diese Rechnung ist nicht mehr offen, hat einen Widerspruch oder ist schon in einer Ratenzahlung.',
  'invalid.check': 'Bitte prüfen Sie diese Angabe ({message}).',

  'form.sending': 'Wird gesendet …',
  'form.fixFields': 'Bitte prüfen Sie die markierten Angaben.',
  'form.failed': 'Das hat leider nicht geklappt: {detail}',
  'form.network':
    'Keine Verbindung zu unserem Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  'form.tooMany': 'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einige Minuten.',
  'form.tooLarge': 'Die Datei ist zu groß: höchstens 5 MB.',
  'form.serverError':
    'Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut oder wenden Sie sich an uns.',
  'form.reportedAlready':
    'Sie haben Rechnung {invoice} bereits als bezahlt gemeldet; wir suchen die Zahlung.',
  'form.disputedAlready': 'Zu Rechnung {invoice} liegt bereits ein Widerspruch vor; wir prüfen ihn.',
  'form.promisedAlready': 'Für {invoices} haben Sie bereits eine Zahlung zugesagt; diese Zusage gilt.',
  'form.proposalWaiting': 'Ein Vorschlag von Ihnen wartet bereits auf unsere Antwort.',
  'form.nothingForPlan': 'Derzeit ist keine Rechnung offen, die Sie in Raten zahlen könnten.',
  'form.nothingOpen': 'Auf diese Rechnung ist nichts mehr offen.',

  'footer.contact': 'Fragen? Wir helfen Ihnen gern:',
  'footer.email': 'E-Mail',
  'footer.phone': 'Telefon',
  'footer.personal':
    'Dieser Zugang ist persönlich. Bitte melden Sie sich ab, wenn Sie ein fremdes Gerät benutzen.',
  'footer.expires': 'Ihre Sitzung gilt bis {time} Uhr.',
} as const;

export type PortalMessageKey = keyof typeof de;

export const en: Record<PortalMessageKey, string> = {
  'page.title': 'Customer portal',
  'page.loading': 'One moment please, your customer portal is opening …',

  'stop.unknown.title': 'We do not know this link',
  'stop.unknown.text':
    'Please check that the link is complete. It is safest to open it with a click right in our e-mail. If that does not work, please reply to the e-mail or call us and we will gladly send you a new link.',
  'stop.expired.title': 'This link has expired',
  'stop.expired.text':
    'For your security, links to our customer portal are valid for a limited time only. Please reply to the e-mail the link came with, or call us, and we will gladly send you a new link.',
  'stop.revoked.title': 'This link is no longer valid',
  'stop.revoked.text':
    'We withdrew this link, for example because you have received a newer one. Please use the link in our latest e-mail. If you do not have one, please reply to the e-mail or call us.',
  'stop.noLink.title': 'Please open your personal link',
  'stop.noLink.text':
    'You open the customer portal with the link in our e-mail (for example in a payment reminder). If you have no such e-mail, please contact us.',
  'stop.ended.title': 'Your session has ended',
  'stop.ended.text':
    'For your security, a session ends after two hours at the latest. Please open the link in our e-mail again.',
  'stop.loggedOut.title': 'You have left the customer portal',
  'stop.loggedOut.text':
    'Thank you for your visit. The link in our e-mail brings you back here as long as it is valid.',
  'stop.tooMany.title': 'Too many attempts',
  'stop.tooMany.text':
    'For your protection, only a few attempts are possible in a short time. Please wait a quarter of an hour, then open the link again.',
  'stop.noEmail.title': 'We cannot send you an access code',
  'stop.noEmail.text':
    'This link needs an access code sent by e-mail, but we have no e-mail address of yours. Please contact us.',
  'stop.failed.title': 'The customer portal cannot be reached right now',
  'stop.failed.text': 'Please try again in a few minutes. If the problem persists, please contact us.',
  'stop.retry': 'Try again',

  'code.title': 'Enter your access code',
  'code.sent': 'For your security, we have sent a six-digit code to {email}. It is valid for ten minutes.',
  'code.label': 'Access code',
  'code.hint': 'The six digits from our e-mail',
  'code.submit': 'Continue',
  'code.resend': 'Send a new code',
  'code.resent': 'A new code is on its way (at most one a minute). Please also look in your spam folder.',
  'code.invalid': 'Please enter the six digits from the e-mail.',
  'code.wrong': 'This code is not right. Please check the digits.',
  'code.expired': 'This code has expired. Please ask for a new one.',
  'code.tooMany': 'The code was entered wrongly too often and is no longer valid. Please ask for a new one.',
  'code.noCode': 'No valid code is waiting. Please ask for a new one.',

  'header.portal': 'Customer portal',
  'header.customer': '{name} · customer number {number}',
  'header.logout': 'Log out',

  'due.title': 'To pay',
  'due.total': 'Amount due',
  'due.asOf': 'As of {date}',
  'due.covers': 'For the invoices {invoices}',
  'due.coversOne': 'For the invoice {invoices}',
  'due.nothing': 'There is nothing to pay at the moment. Thank you!',
  'due.excluded':
    'Not included are invoices in an instalment plan, disputed invoices and invoices you reported as paid.',
  'due.howTo': 'How to pay by bank transfer',
  'due.recipient': 'Payee',
  'due.iban': 'IBAN',
  'due.bic': 'BIC',
  'due.bank': 'Bank',
  'due.amount': 'Amount',
  'due.reference': 'Payment reference',
  'due.referenceHint': 'Please use this reference exactly – then we can match your payment at once.',
  'due.qrTitle': 'GiroCode',
  'due.qrAlt': 'GiroCode for the transfer of {amount} to {recipient}',
  'due.qrHint':
    'Scan the code with the photo transfer of your banking app: payee, IBAN, amount and reference are filled in for you.',
  'due.noBank': 'You will find our bank details on the invoice.',

  'invoices.title': 'Open invoices',
  'invoices.none': 'You have no open invoices.',
  'invoices.number': 'Invoice {number}',
  'invoices.issuedOn': 'Invoice date',
  'invoices.dueDate': 'Due on',
  'invoices.gross': 'Invoice amount',
  'invoices.open': 'Still open',
  'invoices.openWithCosts': 'Still open (with interest and costs)',
  'invoices.pdf': 'Invoice as PDF',

  'state.plan': 'In an instalment plan – please pay the agreed instalments.',
  'state.disputed': 'Your dispute is being reviewed – we send no reminders for this invoice until we reply.',
  'state.reportedPaid': 'Reported as paid – we are checking for your payment.',
  'state.promised': 'You promised to pay by {date}.',
  'state.overdueOne': 'Overdue for 1 day – please pay as soon as possible.',
  'state.overdue': 'Overdue for {days} days – please pay as soon as possible.',
  'state.dueToday': 'Due today.',
  'state.notDue': 'Not yet due – please pay by {date}.',
  'badge.plan': 'Instalment plan',
  'badge.disputed': 'Disputed',
  'badge.reportedPaid': 'Reported paid',
  'badge.promised': 'Payment promised',
  'badge.overdue': 'Overdue',
  'badge.open': 'Open',

  'agreements.title': 'Your agreements and messages',
  'agreements.plan': 'Instalment plan of {date} for {total}, still open: {open}.',
  'agreements.planNext': 'Next instalment: {amount} on {date}.',
  'agreements.proposal':
    'Your proposal of {date} ({months} monthly instalments, {total} in total) is waiting for our answer.',
  'agreements.declined':
    'We were unable to accept your proposal of {date} ({months} monthly instalments, {total} in total) on {declinedOn}. Please contact us if you would like to agree on something else.',
  'agreements.promise': 'Promise to pay {invoices}: {amount} by {date}.',
  'agreements.reported': 'Payment reported for invoice {invoice}: {amount} on {date}.',
  'agreements.reported.open': 'We are checking for it.',
  'agreements.reported.found': 'Found – thank you.',
  'agreements.reported.not-found': 'Not found, unfortunately – please contact us.',
  'agreements.dispute': 'Dispute of invoice {invoice} of {date}.',
  'agreements.disputeOpen': 'We are reviewing it.',
  'agreements.disputeResolved': 'Settled on {date}.',

  'payments.title': 'Your payments',
  'payments.none': 'We have not received a payment from you so far.',
  'payments.date': 'Received',
  'payments.amount': 'Amount',
  'payments.reversed': 'reversed',

  'documents.title': 'Invoices and letters',
  'documents.none': 'No documents.',
  'documents.pdf': 'PDF',

  'actions.title': 'What would you like to do?',
  'actions.paid': 'I have paid already',
  'actions.paid.intro':
    'Tell us about your payment. Until we have found it, you will receive no reminder for this invoice.',
  'actions.paid.submit': 'Report payment',
  'actions.paid.done':
    'Thank you! We are looking for your payment of invoice {invoice}. Until {date} you will receive no reminder for it.',
  'actions.paid.none': 'No invoice for which you could report a payment.',
  'actions.dispute': 'I want to dispute an invoice',
  'actions.dispute.intro':
    'Is something wrong? Tell us what. Until we reply, we send no reminders for this invoice.',
  'actions.dispute.submit': 'Send dispute',
  'actions.dispute.done':
    'We have received your dispute of invoice {invoice}. We will review it and get back to you; until then we send no reminders for this invoice.',
  'actions.dispute.doneWithFile':
    'We have received your dispute of invoice {invoice} with the file “{file}”. We will review it and get back to you; until then we send no reminders for this invoice.',
  'actions.dispute.none': 'No invoice you could still dispute.',
  'actions.promise': 'I will pay at a later date',
  'actions.promise.intro':
    'Tell us by when you will pay – at most {days} days from today. Until then you will receive no reminder.',
  'actions.promise.submit': 'Promise payment',
  'actions.promise.done': 'Thank you! We have noted your promise: {amount} by {date} for {invoices}.',
  'actions.promise.none': 'No invoice for which you could promise a payment.',
  'actions.plan': 'I would like to pay in instalments',
  'actions.plan.intro': 'Propose monthly instalments for your open invoices (disputed invoices excepted).',
  'actions.plan.limits':
    'Up to {months} monthly instalments of at least {min} each are agreed at once. We review other proposals in person and get back to you.',
  'actions.plan.limitsReviewed':
    'Up to {months} monthly instalments of at least {min} each are possible. We review every proposal in person and get back to you.',
  'actions.plan.preview': '{months} monthly instalments of about {amount} – {total} in total.',
  'actions.plan.outside':
    'This proposal is outside the limits above ({reasons}). You can send it all the same; we will then review it and get back to you.',
  'actions.plan.outsideMonths': 'more than {months} instalments',
  'actions.plan.outsideInstalment': 'instalment below {min}',
  'actions.plan.submit': 'Propose instalments',
  'actions.plan.accepted':
    'Your instalment plan is agreed: {count} monthly instalments, the first of {amount} on {date}. Please pay each instalment on time; you will find your plan under “Your agreements and messages”.',
  'actions.plan.awaiting':
    'Thank you! We have received your proposal ({months} monthly instalments of about {amount}). We will review it and get back to you.',
  'actions.plan.pending':
    'Your proposal of {date} is waiting for our answer. You can send another one once we have replied.',
  'actions.plan.none': 'No invoice is open at the moment that you could pay in instalments.',
  'actions.email': 'Change my e-mail address for invoices',
  'actions.email.current': 'We currently send invoices and reminders to {email}.',
  'actions.email.noCurrent': 'We have no e-mail address of yours for invoices at the moment.',
  'actions.email.submit': 'Save address',
  'actions.email.done': 'Saved. From now on we will send invoices and reminders to {email}.',

  'field.invoice': 'Invoice',
  'field.invoiceOption': '{number} – still open {amount}',
  'field.invoices': 'Invoices',
  'field.paidOn': 'Paid on',
  'field.amount': 'Amount in euros',
  'field.amountHint': 'For example 120.50',
  'field.note': 'Note (optional)',
  'field.paidNoteHint': 'For example the account you paid from, or the reference you used',
  'field.reason': 'Reason',
  'field.reasonChoose': 'Please choose …',
  'field.text': 'Your message',
  'field.textHint': 'What is wrong? At most 2000 characters.',
  'field.file': 'Document (optional)',
  'field.fileHint': 'PDF, PNG or JPEG, at most 5 MB',
  'field.payBy': 'I will pay by',
  'field.payByHint': 'At the latest on {date}',
  'field.promiseAmount': 'Amount in euros (optional)',
  'field.promiseAmountHint': 'Leave empty if you pay all that is open on these invoices',
  'field.months': 'Number of monthly instalments',
  'field.firstDueDate': 'First instalment on',
  'field.firstDueDateHint': 'Today at the earliest, {date} at the latest',
  'field.planNote': 'Message to us (optional)',
  'field.email': 'New e-mail address',

  'reason.not-received': 'Goods or service not received',
  'reason.defective': 'Goods or service defective',
  'reason.wrong-amount': 'Wrong amount',
  'reason.not-ordered': 'Not ordered',
  'reason.other': 'Other',

  'invalid.chooseInvoice': 'Please choose an invoice.',
  'invalid.chooseInvoices': 'Please choose at least one invoice.',
  'invalid.chooseReason': 'Please choose a reason.',
  'invalid.date': 'Please enter a date.',
  'invalid.dateRange': 'Please choose a day from {from} to {to}.',
  'invalid.amount': 'Please enter an amount, for example 120.50.',
  'invalid.amountPositive': 'The amount must be more than 0.',
  'invalid.months': 'Please enter a whole number from 1 to {max}.',
  'invalid.text': 'Please tell us briefly what is wrong.',
  'invalid.tooLong': 'Please keep it shorter: at most {max} characters.',
  'invalid.fileType': 'Please choose a PDF, PNG or JPEG file.',
  'invalid.fileSize': 'The file is too large: at most 5 MB.',
  'invalid.email': 'Please enter a valid e-mail address, for example accounts@company.com.',
  'invalid.notEligible': 'This invoice is no longer open, is disputed or is in an instalment plan already.',
  'invalid.check': 'Please check this entry ({message}).',

  'form.sending': 'Sending …',
  'form.fixFields': 'Please check the marked entries.',
  'form.failed': 'That did not work, unfortunately: {detail}',
  'form.network': 'No connection to our server. Please check your internet connection and try again.',
  'form.tooMany': 'Too many requests in a short time. Please wait a few minutes.',
  'form.tooLarge': 'The file is too large: at most 5 MB.',
  'form.serverError': 'An error occurred on our side. Please try again later or contact us.',
  'form.reportedAlready':
    'You have reported invoice {invoice} as paid already; we are looking for the payment.',
  'form.disputedAlready': 'Invoice {invoice} is disputed already; we are reviewing it.',
  'form.promisedAlready': 'You have promised to pay {invoices} already; that promise stands.',
  'form.proposalWaiting': 'A proposal of yours is waiting for our answer already.',
  'form.nothingForPlan': 'No invoice is open at the moment that you could pay in instalments.',
  'form.nothingOpen': 'Nothing is open on this invoice any more.',

  'footer.contact': 'Questions? We are glad to help:',
  'footer.email': 'E-mail',
  'footer.phone': 'Phone',
  'footer.personal': 'This access is personal. Please log out when you use a device that is not yours.',
  'footer.expires': 'Your session is valid until {time}.',
};

export const PORTAL_MESSAGES: Record<Language, Record<PortalMessageKey, string>> = { de, en };

export type MessageVars = Record<string, string | number>;

export function portalText(language: Language, key: PortalMessageKey, vars: MessageVars = {}): string {
  return PORTAL_MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}
