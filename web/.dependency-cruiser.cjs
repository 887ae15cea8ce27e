// The web app's rules are the root's (../.dependency-cruiser.cjs). swc cannot read
// JSX here, so .tsx files are read through Babel's TypeScript preset, which drops
// `import type` lines: type-only imports of the web app are not checked by this run.
const root = require('../.dependency-cruiser.cjs');
module.exports = {
  forbidden: root.forbidden,
  options: {
    ...root.options,
    parser: 'acorn',
    babelConfig: { fileName: 'web/babel.depcruise.json' },
  },
};
