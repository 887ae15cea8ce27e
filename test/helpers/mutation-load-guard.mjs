// Preloaded into every test process of a mutation run (stryker.config.mjs). A mutant
// can make a test file fail while it loads (a ballot made at the top of the file
// throws); node then exits with a stack trace and no TAP result, and Stryker would
// file the mutant as a "runtime error" instead of killed. Report it as the failing
// test it is.
process.on('uncaughtException', (error) => {
  const first = String(error instanceof Error ? error.message : error).split('\n')[0];
  process.stdout.write(`\nnot ok 1 - the test file failed outside any test: ${first}\n1..1\n`);
  process.exit(1);
});
