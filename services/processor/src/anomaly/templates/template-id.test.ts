import { templateId } from './template-id';

describe('templateId', () => {
  it('is 16 hex digits, a pure function of source and template', () => {
    const id = templateId('app', 'user <*> logged in');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(templateId('app', 'user <*> logged in')).toBe(id);
  });

  it.each([
    ['another template', 'app', 'user <*> logged out'],
    ['another source', 'web', 'user <*> logged in'],
    ['source and template boundary moved', 'appuser', ' <*> logged in'],
  ])('differs for %s', (_name, source, template) => {
    expect(templateId(source, template)).not.toBe(templateId('app', 'user <*> logged in'));
  });
});
