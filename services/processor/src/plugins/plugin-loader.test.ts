import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCatalog } from './catalog';
import { isPathSpecifier, loadPlugin, PluginLoadError } from './plugin-loader';

const FIXTURES = join(__dirname, 'fixtures');
const REPO = join(__dirname, '../../../..');
const dirs = { configDir: FIXTURES, cwd: REPO };

describe('isPathSpecifier', () => {
  it.each([
    ['./x', true],
    ['../x', true],
    ['/abs/x.js', true],
    ['file:///abs/x.js', true],
    ['pkg', false],
    ['@scope/pkg/sub', false],
  ])('%s → %s', (spec, expected) => expect(isPathSpecifier(spec)).toBe(expected));
});

describe('loadPlugin', () => {
  it.each([
    { spec: './upper-cjs', types: ['upper'] },
    { spec: './upper-cjs.js', types: ['upper'] },
    { spec: join(FIXTURES, 'upper-cjs.js'), types: ['upper'] },
    { spec: pathToFileURL(join(FIXTURES, 'upper-cjs.js')).href, types: ['upper'] },
    { spec: './two-processors', types: ['pass-default', 'pass-a', 'pass-b'] },
  ])('loads $spec', ({ spec, types }) => {
    expect(loadPlugin(spec, 0, dirs).definitions.map((d) => d.type)).toEqual(types);
  });

  it.each([
    { spec: './missing', index: 0, message: /^plugins\[0\]: cannot find module "\.\/missing" relative to / },
    { spec: 'daytwo-no-such-package', index: 1, message: /^plugins\[1\]: cannot find module .* as a package from / },
    {
      spec: './bad-shape',
      index: 2,
      message: /^plugins\[2\]: export `default` is not a ProcessorDefinition: type must be .*kinds must be/,
    },
    { spec: './no-processor', index: 0, message: /exports no processor: export a ProcessorDefinition/ },
    { spec: './throws-on-load', index: 0, message: /loading .*throws-on-load\.js failed: boom while loading/ },
    // A real package, resolved by name from the working directory, that is not a plugin.
    { spec: '@daytwo/processor-api', index: 3, message: /^plugins\[3\]: the module exports no processor/ },
  ])('rejects $spec', ({ spec, index, message }) => {
    let error: unknown;
    try {
      loadPlugin(spec, index, dirs);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PluginLoadError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('buildCatalog', () => {
  it('merges built-ins and plugins and reports every problem with its key', () => {
    const { catalog, problems } = buildCatalog(['./upper-cjs', './missing', './clashes-with-builtin'], dirs);
    expect(catalog.types.get('upper')?.origin).toBe('plugins[0] ./upper-cjs');
    expect(catalog.types.get('filter')?.origin).toBe('built-in');
    expect(catalog.types.has('parse-json')).toBe(true);
    expect(problems.map((p) => p.path)).toEqual([
      ['plugins', 1],
      ['plugins', 2],
    ]);
    expect(problems[1]!.message).toBe('processor type "filter" is already defined (built-in)');
  });

  it('accepts the same plugin listed twice', () => {
    const { problems } = buildCatalog(['./upper-cjs', './upper-cjs.js'], dirs);
    expect(problems).toEqual([]);
  });
});
