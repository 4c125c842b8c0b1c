// Helpers for integration tests that stand on Tandem's own libs (the bus, persistence, the platform), kept apart
// from @tandem/testing, which those libs' own tests use: importing them from there would be a dependency cycle.
export { type DeadLetter, TestBus, type TestBusOptions } from './test-bus';
export { LabSiteFixture } from './lab-site.fixture';
