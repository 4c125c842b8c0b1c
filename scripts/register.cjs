// Runs Tandem's TypeScript sources directly: swc transpiles (with decorator metadata, which Nest's
// dependency injection needs) and tsconfig paths map the @tandem/* libraries to their sources.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
