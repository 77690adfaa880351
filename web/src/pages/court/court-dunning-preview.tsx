import type { CourtDunningApplication, CourtParty } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

function Party({ title, party, testId }: { title: string; party: CourtParty; testId: string }) {
  const { t, tOr } = useI18n();
  return (
    <div data-testid={testId}>
      <h3 className="small-heading">{title}</h3>
      <p>
        <strong>{party.name}</strong>
        <br />
        <span className="muted small">
          {tOr(`court.partyKind.${party.art}`, party.art)}
          {party.rechtsform && ` · ${party.rechtsform}`}
        </span>
        {party.adresszusatz.map((line) => (
          <span key={line}>
            <br />
            {line}
          </span>
        ))}
        <br />
        {party.strasse}
        <br />
        {party.plz} {party.ort}
        {party.land !== 'DE' && ` (${party.land})`}
      </p>
      {party.gesetzlicherVertreter && (
        <p className="small">
          {t('court.representative')}: {party.gesetzlicherVertreter.funktion}{' '}
          {party.gesetzlicherVertreter.name}
        </p>
      )}
    </div>
  );
}

/**
 * The data of a Mahnbescheid application as the online form asks for it, section by section: the
 * dunning court, the parties, the main claims, the interest, the ancillary claims and expenses,
 * the total, the court for a dispute, the claims left out with why, and what to check. The wording
 * of the data is German, as the court takes it; the labels follow the chosen language.
 */
export function CourtDunningPreview({ application: a }: { application: CourtDunningApplication }) {
  const { t, f, tOr } = useI18n();
  const money = (b: { cent: number }) => f.money(b.cent);
  const byNr = new Map(a.hauptforderungen.map((h) => [h.nr, h.rechnungsnummer]));
  const n = a.nebenforderungen;
  const costRows = (
    [
      [t('court.dunningCosts'), n.mahnkosten.cent],
      [t('court.returnCharges'), n.bankruecklastkosten.cent],
      [t('court.collectionCosts'), n.inkassokosten.cent],
      ...n.sonstige.map((s): [string, number] => [s.bezeichnung, s.betrag.cent]),
    ] as [string, number][]
  ).filter(([, cents]) => cents > 0);
  return (
    <div className="stack" data-testid="court-dunning-preview">
      <div className="notice notice-info" data-testid="court-dunning-court">
        <strong>
          {t('court.dunningCourt')}: {a.mahngericht.name}
        </strong>
        <div className="small">
          {a.mahngericht.grund} ({a.mahngericht.vorschrift})
        </div>
      </div>

      <div className="grid grid-2">
        <Party title={t('court.applicant')} party={a.antragsteller} testId="court-applicant" />
        <Party title={t('court.respondent')} party={a.antragsgegner} testId="court-respondent" />
      </div>

      <div>
        <h3 className="small-heading">{t('court.mainClaims', { count: a.hauptforderungen.length })}</h3>
        <div className="table-wrap">
          <table className="table table-compact" data-testid="court-main-claims">
            <thead>
              <tr>
                <th scope="col">{t('court.nr')}</th>
                <th scope="col">{t('court.claim')}</th>
                <th scope="col">{t('court.designation')}</th>
                <th scope="col">{t('court.dueOn')}</th>
                <th scope="col">{t('court.defaultFrom')}</th>
                <th scope="col" className="num">
                  {t('common.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {a.hauptforderungen.map((h) => (
                <tr key={h.nr}>
                  <td>{h.nr}</td>
                  <td>
                    {h.anspruch}
                    {h.katalognummer !== null && (
                      <span className="muted small"> (Nr. {h.katalognummer})</span>
                    )}
                  </td>
                  <td>{h.bezeichnung}</td>
                  <td>{f.date(h.faelligAm)}</td>
                  <td>{f.date(h.verzugsbeginn)}</td>
                  <td className="num">{money(h.betrag)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <div>
        <h3 className="small-heading">{t('court.interest')}</h3>
        <ul className="plain-list" data-testid="court-interest">
          {a.zinsen.laufende.map((z) => (
            <li key={`l${z.zuHauptforderung}`}>
              {t('court.onClaim', { nr: z.zuHauptforderung, number: byNr.get(z.zuHauptforderung) ?? '' })}:{' '}
              {z.text} <span className="muted small">({z.grundlage})</span>
            </li>
          ))}
          {a.zinsen.ausgerechnete.map((z) => (
            <li key={`a${z.zuHauptforderung}`}>
              {t('court.calculatedInterest', {
                nr: z.zuHauptforderung,
                number: byNr.get(z.zuHauptforderung) ?? '',
                from: f.date(z.von),
                to: f.date(z.bis),
                amount: money(z.betrag),
              })}{' '}
              <span className="muted small">– {z.grund}</span>
            </li>
          ))}
        </ul>
      </div>

      <div className="grid grid-2">
        <div>
          <h3 className="small-heading">{t('court.ancillary')}</h3>
          {costRows.length === 0 && a.auslagen.cent === 0 ? (
            <p className="muted small">{t('court.noAncillary')}</p>
          ) : (
            <dl className="details details-compact" data-testid="court-costs">
              {costRows.map(([label, cents]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{f.money(cents)}</dd>
                </div>
              ))}
              {a.auslagen.cent > 0 && (
                <div>
                  <dt>{t('court.expenses')}</dt>
                  <dd>{money(a.auslagen)}</dd>
                </div>
              )}
            </dl>
          )}
          {n.aufschluesselung.length > 0 && (
            <ul className="plain-list small muted">
              {n.aufschluesselung.map((c) => (
                <li key={`${c.rechnungsnummer}:${c.art}`}>
                  {c.rechnungsnummer}: {tOr(`court.costKind.${c.art}`, c.art)} {money(c.betrag)}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="small-heading">{t('court.total')}</h3>
          <dl className="details details-amounts" data-testid="court-total">
            <div>
              <dt>{t('court.mainClaimsSum')}</dt>
              <dd>{money(a.summe.hauptforderungen)}</dd>
            </div>
            {a.summe.ausgerechneteZinsen.cent > 0 && (
              <div>
                <dt>{t('court.calculatedInterestSum')}</dt>
                <dd>{money(a.summe.ausgerechneteZinsen)}</dd>
              </div>
            )}
            <div>
              <dt>{t('court.ancillarySum')}</dt>
              <dd>{money(a.summe.nebenforderungen)}</dd>
            </div>
            {a.summe.auslagen.cent > 0 && (
              <div>
                <dt>{t('court.expenses')}</dt>
                <dd>{money(a.summe.auslagen)}</dd>
              </div>
            )}
            <div className="details-total">
              <dt>{t('court.totalSum')}</dt>
              <dd data-testid="court-total-sum">{money(a.summe.gesamt)}</dd>
            </div>
          </dl>
          <p className="muted small">
            {t('court.runningOnTop')} {a.gerichtskosten}
          </p>
        </div>
      </div>

      <div data-testid="court-trial-court">
        <h3 className="small-heading">{t('court.trialCourt')}</h3>
        <p>
          <strong>
            {a.prozessgericht.art} {a.prozessgericht.plz} {a.prozessgericht.ort}
          </strong>{' '}
          · {t('court.valueInDispute')} {money(a.prozessgericht.streitwert)}
        </p>
        <p className="muted small">{a.prozessgericht.regel}</p>
      </div>

      {a.nichtAufgenommen.length > 0 && (
        <div className="notice notice-warning" data-testid="court-left-out">
          <strong>{t('court.leftOut', { count: a.nichtAufgenommen.length })}</strong>
          <ul>
            {a.nichtAufgenommen.map((l) => (
              <li key={l.rechnungsnummer}>
                <strong>{l.rechnungsnummer}</strong>: {l.grund}
              </li>
            ))}
          </ul>
        </div>
      )}

      {a.hinweise.length > 0 && (
        <div className="notice notice-info" data-testid="court-hints">
          <strong>{t('court.hints')}</strong>
          <ul>
            {a.hinweise.map((h, i) => (
              <li key={`${i}:${h.code}`}>{h.text}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
