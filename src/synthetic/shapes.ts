/**
 * Public shapes of the synthetic stream: the records and their labels, the intake bodies they
 * carry, and the options and plan of a generation.
 */
export type Group = 'ordinary' | 'heavy_genuine' | 'collective' | 'professional' | 'ring';
export const GROUPS: readonly Group[] = ['ordinary', 'heavy_genuine', 'collective', 'professional', 'ring'];

export interface Label {
  /** The real person behind the record, whatever identifiers the record carries. */
  complainantKey: string;
  group: Group;
  /** Whether a careful human reviewer would want this person reviewed. */
  expectFlag: boolean;
  /** What this record exhibits, e.g. `punitive:10x`, `label_only`, `template:pro-0003-t1`. */
  traits: string[];
}

export type ComplaintKind = 'complaint' | 'report' | 'complaint_and_report' | 'information_request' | 'reconsideration' | 'litigation';

export type EventType = 'withdrawn' | 'settled' | 'compensated' | 'mediation_ended' | 'upheld' | 'rejected';

/** The body of `POST /v1/complaints`, exactly as sent. */
export interface ComplaintBody {
  externalId: string;
  kind?: ComplaintKind;
  receivedAt: string;
  channel?: string;
  complainant: {
    name?: string;
    idType?: 'resident_id' | 'passport' | 'other';
    idNumber?: string;
    phone?: string;
    address?: string;
    accountId?: string;
  };
  respondent: { name: string; creditCode?: string; region?: string; platform?: string; shopId?: string };
  purchase?: { at?: string; amount?: number; quantity?: number; product?: string; orderIds?: string[] };
  claim?: { amount?: number; punitive?: 'none' | '3x' | '10x' | 'other'; reward?: boolean; harm?: boolean };
  text: string;
}

/** The body of `POST /v1/complaints/{id}/events`. */
export interface EventBody {
  type: EventType;
  at: string;
  amount?: number;
  note?: string;
}

export type SyntheticRecord = { kind: 'complaint'; body: ComplaintBody; label: Label } | { kind: 'event'; externalId: string; body: EventBody; label: Label };

export type Scale = 'tiny' | 'district-year' | 'province' | { complainants: number; complaints?: number };

export interface GenerateOptions {
  seed: number;
  scale: Scale;
  /** RFC 3339 with an offset; default 2026-01-01T00:00:00+08:00. */
  start?: string;
  /** Length of the period in days; default 365. */
  days?: number;
}

/** What the population was planned to be, known before the first record is produced. */
export interface StreamPlan {
  complainants: Record<Group, number>;
  /** Exact number of complaint records the stream will yield (events come on top). */
  complaints: number;
  rings: number;
  waves: number;
  start: string;
  end: string;
}

export type SyntheticStream = Generator<SyntheticRecord, void, undefined> & { readonly plan: StreamPlan };
