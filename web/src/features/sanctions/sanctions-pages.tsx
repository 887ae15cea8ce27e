// The sanctions network: name screening that survives transliteration, an entity
// with every name, listing and relation (each with the list sentence or the reviewed
// claim it rests on), a drawing of the relations, and who is on which list — and on
// none. Names and list sentences are shown as the lists print them (in English or
// Arabic script); everything around them is in the reader's language.
import type { Route } from '../../router.ts';
import CoveragePage from './coverage-page.tsx';
import EntityPage from './entity-page.tsx';
import NetworkPage from './network-page.tsx';
import SearchPage, { searchQueryOf } from './search-page.tsx';

export default function SanctionsPages({ route }: { route: Route }) {
  if (route.page === 'sanctions-entity') return <EntityPage id={route.ref} />;
  if (route.page === 'sanctions-network') return <NetworkPage id={route.ref} />;
  if (route.page === 'sanctions-coverage') return <CoveragePage />;
  return <SearchPage query={searchQueryOf(location.search)} />;
}
