/**
 * Counts over a stream: complainants, complaints and events per group, kinds, event types and
 * traits.
 */
import { type Group, GROUPS, type SyntheticRecord } from './shapes.js';

export interface GroupCounts {
  complainants: number;
  complaints: number;
  events: number;
}

export interface StreamSummary {
  records: number;
  complaints: number;
  events: number;
  groups: Record<Group, GroupCounts>;
  kinds: Record<string, number>;
  eventTypes: Record<string, number>;
  /** Occurrences of each trait; per-template and per-issue ids are left out. */
  traits: Record<string, number>;
}

export interface SummaryCollector {
  add(record: SyntheticRecord): void;
  result(): StreamSummary;
}

export function createSummary(): SummaryCollector {
  const people = new Map<Group, Set<string>>(GROUPS.map((g) => [g, new Set()]));
  const groups = Object.fromEntries(GROUPS.map((g) => [g, { complainants: 0, complaints: 0, events: 0 }])) as Record<Group, GroupCounts>;
  const kinds: Record<string, number> = {};
  const eventTypes: Record<string, number> = {};
  const traits: Record<string, number> = {};
  let complaints = 0;
  let events = 0;
  return {
    add(record) {
      const { group, complainantKey } = record.label;
      people.get(group)!.add(complainantKey);
      if (record.kind === 'complaint') {
        complaints++;
        groups[group].complaints++;
        const kind = record.body.kind ?? 'complaint';
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      } else {
        events++;
        groups[group].events++;
        eventTypes[record.body.type] = (eventTypes[record.body.type] ?? 0) + 1;
      }
      for (const t of record.label.traits) {
        if (t.startsWith('template:') || t.startsWith('issue:')) continue;
        traits[t] = (traits[t] ?? 0) + 1;
      }
    },
    result() {
      for (const g of GROUPS) groups[g].complainants = people.get(g)!.size;
      return { records: complaints + events, complaints, events, groups, kinds, eventTypes, traits };
    },
  };
}

export function summarize(stream: Iterable<SyntheticRecord>): StreamSummary {
  const s = createSummary();
  for (const r of stream) s.add(r);
  return s.result();
}
