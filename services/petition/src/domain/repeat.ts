import type { petition } from '@zz/contracts';
import type { EarlierPetition } from './commands.js';

export type RepeatBasis = 'linked_case' | 'matter_key';
export interface RepeatMatch {
  petitionId: string;
  caseCode: string;
  basis: RepeatBasis;
  finallyReviewed: boolean;
}

/**
 * Repeat petitions (重复信访): an earlier petition is a repeat when it shares a petitioner (same keyed
 * ID hash) AND concerns the same matter — the same linked dispute case, or the same subject area with
 * the same normalised matter key. Earliest first, so the first match is the matter's original petition.
 */
export function findRepeats(idHashes: readonly string[], matter: petition.PetitionMatter, earlier: readonly EarlierPetition[]): RepeatMatch[] {
  const mine = new Set(idHashes);
  if (mine.size === 0) return []; // without an ID number there is no identity to match on
  return [...earlier]
    .filter((e) => e.idHashes.some((h) => mine.has(h)))
    .map((e) => ({ e, basis: sameMatter(matter, e.matter) }))
    .filter((m): m is { e: EarlierPetition; basis: RepeatBasis } => m.basis !== null)
    .sort((a, b) => Date.parse(a.e.receivedAt) - Date.parse(b.e.receivedAt) || a.e.petitionId.localeCompare(b.e.petitionId))
    .map(({ e, basis }) => ({ petitionId: e.petitionId, caseCode: e.caseCode, basis, finallyReviewed: e.finallyReviewed }));
}

function sameMatter(a: petition.PetitionMatter, b: petition.PetitionMatter): RepeatBasis | null {
  // A linked case is the matter itself, whatever subject area each desk filed it under.
  if (a.linkedCaseCode && a.linkedCaseCode === b.linkedCaseCode) return 'linked_case';
  if (a.subjectArea === b.subjectArea && a.key && a.key === b.key) return 'matter_key';
  return null;
}
