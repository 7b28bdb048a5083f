// 收文登记: which unit a received document's issuer (as written) is. A document can only be recorded in the
// name of one of the recording unit's superiors — notices come down the tree, and a stub in another
// branch would put words in the mouth of a unit the recorder has nothing to do with.

export interface IssuerCandidate {
  unitId: number;
  /** The unit's name first, then its aliases. */
  names: string[];
}

export type IssuerMatchHow = 'name' | 'prefix' | 'default';

export interface IssuerMatch {
  unitId: number;
  how: IssuerMatchHow;
}

const squeeze = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * The superior the written issuer names: exactly (name or alias), else the longest name the written one
 * begins with (湖南省市场监督管理局办公室 → 湖南省市场监督管理局), else the nearest superior (the parent).
 * Candidates are ordered nearest first; null when there is none (the root unit records nothing).
 */
export function matchIssuer(written: string | null | undefined, candidates: IssuerCandidate[]): IssuerMatch | null {
  const first = candidates[0];
  if (!first) return null;
  const w = squeeze(written ?? '');
  if (w) {
    const exact = candidates.find((c) => c.names.some((n) => squeeze(n) === w));
    if (exact) return { unitId: exact.unitId, how: 'name' };
    let best: { unitId: number; length: number } | null = null;
    for (const c of candidates) {
      for (const n of c.names.map(squeeze)) {
        if (n.length >= 4 && w.startsWith(n) && (!best || n.length > best.length))
          best = { unitId: c.unitId, length: n.length };
      }
    }
    if (best) return { unitId: best.unitId, how: 'prefix' };
  }
  return { unitId: first.unitId, how: 'default' };
}
