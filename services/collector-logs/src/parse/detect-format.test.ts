import { detectFormat, detectLineFormat } from './detect-format';

const CRI = '2024-05-01T12:34:56.123456789Z stdout F hello';
const DOCKER = '{"log":"hello\\n","stream":"stdout","time":"2024-05-01T12:34:56.123456789Z"}';

describe('detectLineFormat', () => {
  it.each([
    [CRI, 'cri'],
    [`${CRI}\n`, 'cri'],
    [DOCKER, 'docker-json'],
    [`${DOCKER}\n`, 'docker-json'],
    ['{"msg":"structured app log, not a runtime line"}', undefined],
    ['plain text', undefined],
    ['', undefined],
  ])('%j -> %s', (line, format) => {
    expect(detectLineFormat(line)).toBe(format);
    expect(detectLineFormat(Buffer.from(line))).toBe(format);
  });
});

describe('detectFormat', () => {
  it.each([
    [[CRI, DOCKER], 'cri'],
    [['garbage', DOCKER, CRI], 'docker-json'],
    [['', 'garbage', CRI], 'cri'],
    [['garbage'], undefined],
    [[], undefined],
  ])('%j -> %s', (lines, format) => {
    expect(detectFormat(lines)).toBe(format);
  });
});
