import type Database from 'better-sqlite3';
import { canSee, viewNarrative, viewParty, type PersonalDataVault, type RegionDirectory, type Role } from '@zz/contracts';
import type { Facts, SealedFacts } from './facts.js';
import { labelOf, summarize, type CenterNames, type Label } from './labels.js';

/** One event of a case as the timeline stores it (sealed values still sealed). */
export interface TimelineEntry {
  position: number;
  occurredAt: string;
  flow: string;
  streamId: string;
  revision: number;
  type: string;
  label: Label;
  summary: Label;
  actor: { userId: string | null; role: string | null; centerCode: string | null };
  facts: Facts;
  sealed: SealedFacts | null;
}

export interface CasePlace {
  flow: string;
  itemId: string;
  areaCode: string;
  handlingCenter: string;
}

interface TimelineRow {
  position: number;
  case_code: string;
  flow: string;
  stream_id: string;
  revision: number;
  type: string;
  occurred_at: string;
  actor_user: string | null;
  actor_role: string | null;
  actor_center: string | null;
  facts: string;
  sealed: string | null;
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

function toEntry(row: TimelineRow, names: CenterNames): TimelineEntry {
  const facts = JSON.parse(row.facts) as Facts;
  return {
    position: row.position,
    occurredAt: row.occurred_at,
    flow: row.flow,
    streamId: row.stream_id,
    revision: row.revision,
    type: row.type,
    label: labelOf(row.type),
    summary: summarize(row.type, facts, names),
    actor: { userId: row.actor_user, role: row.actor_role, centerCode: row.actor_center },
    facts,
    sealed: row.sealed ? (JSON.parse(row.sealed) as SealedFacts) : null,
  };
}

/** Where the flow items of a case lie (empty: the view has not seen the case). */
export function casePlaces(db: Database.Database, caseCode: string): CasePlace[] {
  return (
    stmt(db, 'SELECT flow, item_id, area_code, handling_center FROM case_places WHERE case_code = ? ORDER BY flow, item_id').all(caseCode) as {
      flow: string;
      item_id: string;
      area_code: string;
      handling_center: string;
    }[]
  ).map((r) => ({ flow: r.flow, itemId: r.item_id, areaCode: r.area_code, handlingCenter: r.handling_center }));
}

/** A center may read a case's timeline when any item of the case lies in its area or is held by a center in it. */
export function canSeeCase(regions: RegionDirectory, viewerCenter: string, places: readonly CasePlace[]): boolean {
  return places.some((p) => canSee(regions, viewerCenter, p));
}

export interface TimelinePage {
  caseCode: string;
  entries: TimelineEntry[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: number | null;
}

/** Every event of every flow of one case, in global order; paged by position. */
export function caseTimeline(db: Database.Database, q: { caseCode: string; after?: number; limit?: number }, regions?: RegionDirectory): TimelinePage {
  const names: CenterNames = (code) => regions?.get(code)?.name;
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 500), 1), 5000);
  const rows = stmt(db, 'SELECT * FROM timeline WHERE case_code = ? AND position > ? ORDER BY position LIMIT ?').all(q.caseCode, q.after ?? 0, limit + 1) as TimelineRow[];
  const more = rows.length > limit;
  if (more) rows.pop();
  return { caseCode: q.caseCode, entries: rows.map((r) => toEntry(r, names)), nextAfter: more ? rows[rows.length - 1]!.position : null };
}

/**
 * An entry as a viewer may see it: parties opened and masked for the role (erased shows as
 * erased), narrative texts opened for roles that need them and restricted for the others.
 */
export function presentTimelineEntry(entry: TimelineEntry, vault: PersonalDataVault, role: Role) {
  const { sealed, ...rest } = entry;
  const out: Omit<TimelineEntry, 'sealed'> & { parties?: { role: string; kind: string; name: string; erased: boolean }[]; texts?: Record<string, string> } = rest;
  if (sealed?.parties) {
    out.parties = sealed.parties.map((p) => {
      const v = viewParty(vault, p, role);
      return { role: v.role, kind: v.kind, name: v.name, erased: v.erased };
    });
  }
  if (sealed?.texts) out.texts = Object.fromEntries(Object.entries(sealed.texts).map(([k, v]) => [k, viewNarrative(vault, v, role)]));
  return out;
}
