/* eslint-disable @typescript-eslint/no-require-imports */
// The container image starts services through bin/run-service.js, which requires dist/main.js with argv[1] set to the
// service name: then `require.main` is run-service.js, and main must start on argv[1] instead.
describe('sink main', () => {
  const argv = process.argv;
  afterEach(() => {
    process.argv = argv;
    jest.restoreAllMocks();
  });

  it('runs when loaded by bin/run-service.js (argv[1] is "sink"): a missing config file exits 2 naming the file', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.argv = [argv[0]!, 'sink', '--config', '/nonexistent/daytwo/sink.yaml'];
    jest.isolateModules(() => void require('./main'));
    for (let i = 0; i < 100 && exit.mock.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(exit).toHaveBeenCalledWith(2);
    expect(stderr).toHaveBeenCalledWith(
      expect.stringMatching(/^sink: [\s\S]*\/nonexistent\/daytwo\/sink\.yaml cannot be read/),
    );
  });

  it('does not run when imported as a module', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    process.argv = [argv[0]!, 'some-test-runner', '--config', '/nonexistent/daytwo/sink.yaml'];
    jest.isolateModules(() => void require('./main'));
    await new Promise((r) => setTimeout(r, 100));
    expect(exit).not.toHaveBeenCalled();
  });
});
