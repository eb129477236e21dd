import { REBUILDABLE_VIEWS, type RebuildableView } from '@zz/projections';
import { loadDeadlinePolicy, loadHolidayCalendar, rebuildDeadlineClocks } from '@zz/deadlines';
import { rebuildPetitionIndex } from '@zz/petition';
import { REACTIONS_DB_FILE, rebuildReactions } from '@zz/reactions';

export interface RebuildablesConfig {
  /** DEADLINE_POLICY_FILE (default: the shipped policy table). */
  deadlinePolicyFile?: string;
  /** HOLIDAYS_FILE (default: the shipped calendar). */
  holidaysFile?: string;
}

/**
 * Every file under DATA_DIR the embedded runtime keeps from the log and `npm run rebuild` rebuilds
 * offline: the projections' views, then the deadline clocks, the petition index and the reactions'
 * checkpoint (each a fresh file swapped in). The runtime starting on files rebuilt to the log's head
 * has nothing left to catch up.
 */
export function rebuildables(config: RebuildablesConfig = {}): RebuildableView[] {
  return [
    ...REBUILDABLE_VIEWS,
    {
      name: 'deadlines',
      file: 'deadlines.db',
      rebuild: (o) => rebuildDeadlineClocks({ ...o, policy: loadDeadlinePolicy(config.deadlinePolicyFile), calendar: loadHolidayCalendar(config.holidaysFile) }),
    },
    { name: 'petition-index', file: 'petition-index.db', rebuild: (o) => rebuildPetitionIndex(o) },
    {
      name: 'reactions',
      file: REACTIONS_DB_FILE,
      rebuild: async (o) => {
        const r = await rebuildReactions(o);
        const old = { used: `${r.carriedOver} log rows carried over from the old file`, absent: 'no old file', unreadable: 'old file unreadable: its log rows (refusals) are lost' }[r.oldFile];
        return {
          ...r,
          note: `检查点 checkpoint ${r.checkpoint}${r.unanswered ? ` (${r.unanswered} reaction(s) after it not found done: the reactor will issue them)` : ''}; ${old}`,
        };
      },
    },
  ];
}
