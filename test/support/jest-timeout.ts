// `testTimeout` is a global jest option and is ignored inside `projects`; integration tests wait on real servers.
jest.setTimeout(120_000);
