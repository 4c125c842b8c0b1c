// Runs in every test file of the `int` project. Jest 30 honours `testTimeout` only at the top level of its
// config, not per project, so the int tier's longer timeout (real processes, real fsyncs) is set here.
jest.setTimeout(120_000);
