import { render } from 'preact';
import '@fontsource/vazirmatn/arabic-400.css';
import '@fontsource/vazirmatn/arabic-700.css';
import '@fontsource/vazirmatn/latin-400.css';
import '@fontsource/vazirmatn/latin-700.css';
import './styles.css';
import { App } from './app.tsx';
import { initialLanguage, setLanguage } from './i18n/index.ts';

await setLanguage(initialLanguage());
render(<App />, document.getElementById('app')!);
