// The weights of the recognition tally, as a table.
import { formatNumber, t } from '../../i18n/index.ts';
import type { Weights } from '../../api/monitor.ts';
import { SCORED_TYPES, SECTORS } from '../../../../src/monitor/constants.ts';
import { sectorName, typeName } from './names.ts';

/** The weights in use: each engagement type, each sector of agreements, humanitarian contact apart. */
export function WeightsTable({ weights }: { weights: Weights }) {
  return (
    <div data-testid="weights">
      <table class="weights">
        <caption class="muted small">{t('monitor.weightsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitor.engagement')}</th>
            <th scope="col">{t('monitor.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {SCORED_TYPES.map((type) => (
            <tr key={type} data-weight={type}>
              <th scope="row">{typeName(type)}</th>
              <td>{formatNumber(weights.types[type])}</td>
            </tr>
          ))}
          {SECTORS.map((sector) => (
            <tr key={sector} data-weight={`agreement-${sector}`}>
              <th scope="row">{t('monitor.agreementIn', { sector: sectorName(sector) })}</th>
              <td>{formatNumber(weights.sectors[sector])}</td>
            </tr>
          ))}
          <tr data-weight="humanitarian-contact">
            <th scope="row">{typeName('humanitarian-contact')}</th>
            <td>{t('monitor.neverScores')}</td>
          </tr>
        </tbody>
      </table>
      <p class="muted small">{t('monitor.oncePerState')}</p>
    </div>
  );
}

