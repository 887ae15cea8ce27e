import { render } from 'preact';
import '@fontsource/vazirmatn/arabic-400.css';
import '@fontsource/vazirmatn/arabic-700.css';
import '@fontsource/vazirmatn/latin-400.css';
import '@fontsource/vazirmatn/latin-700.css';
import './styles.css';
import { App } from './app.tsx';
import { initialLanguage, setLanguage } from './i18n/index.ts';
import { PAGES } from './pages.ts';
import { parseRoute } from './router.ts';
import { startOffline } from './offline/start.ts';

// On a slow link every round trip counts: the first page's code and its texts are
// asked for together with the frame's texts, not after them.
const first = PAGES[parseRoute(location.pathname).page];
first.load().catch(() => undefined); // the page tries again, and says why it cannot
await setLanguage(initialLanguage(), first.texts);
render(<App />, document.getElementById('app')!);
startOffline();
