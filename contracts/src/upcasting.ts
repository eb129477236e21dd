import type { z } from 'zod';
import { type RiskAssessed, RiskAssessedV1 } from './intake/events.js';

/**
 * Events are immutable, so old shapes stay in the store forever. Readers upcast them on the way in:
 * each upcaster lifts one type from version n to n+1; chains run until the current version.
 */
type Upcaster = (data: unknown) => unknown;
const UPCASTERS: Record<string, Record<number, Upcaster>> = {
  RiskAssessed: {
    1: (data): z.infer<typeof RiskAssessed> => {
      const v1 = RiskAssessedV1.parse(data);
      return {
        caseId: v1.caseId,
        caseCode: v1.caseCode,
        grade: v1.grade,
        ruleGrade: v1.grade,
        // v1 kept one free-text line of reasons; v2 keeps a list of factor codes/phrases.
        factors: v1.reasons
          .split(/[;；,，]/)
          .map((s) => s.trim())
          .filter(Boolean),
        // v1 had no separate supervision level; a red case was always put under yellow-card supervision.
        supervision: v1.grade === 'red' ? 'yellow_card' : 'ordinary',
      };
    },
  },
};

export function upcast(type: string, schemaVersion: number, data: unknown, currentVersion: number): unknown {
  let v = schemaVersion;
  let d = data;
  while (v < currentVersion) {
    const step = UPCASTERS[type]?.[v];
    if (!step) throw new Error(`no upcaster for ${type} v${v} → v${v + 1}`);
    d = step(d);
    v++;
  }
  return d;
}
