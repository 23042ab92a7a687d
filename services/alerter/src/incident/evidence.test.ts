import { pruneResolvedMembers } from './evidence';
import { EVIDENCE_LIMITS, type MemberStatus } from './state';

function members(firing: number, resolved: number): Record<string, MemberStatus> {
  const out: Record<string, MemberStatus> = {};
  for (let i = 0; i < firing; i++) out[`f${i}`] = 'firing';
  for (let i = 0; i < resolved; i++) out[`r${i}`] = 'resolved';
  return out;
}

describe('pruneResolvedMembers', () => {
  const limit = EVIDENCE_LIMITS.members;
  it.each([
    ['at the limit: kept', 10, limit - 10, limit],
    ['past the limit: resolved ones dropped', 10, limit, 10],
    ['past the limit with only firing ones: kept', limit + 1, 0, limit + 1],
  ])('%s', (_what, firing, resolved, left) => {
    const m = members(firing, resolved);
    pruneResolvedMembers(m);
    expect(Object.keys(m)).toHaveLength(left);
    expect(Object.values(m).filter((s) => s === 'firing')).toHaveLength(firing);
  });
});
