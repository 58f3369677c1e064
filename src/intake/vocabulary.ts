/** The closed vocabularies of a complaint and its events, shared by request and response schemas. */
export const COMPLAINT_KINDS = ['complaint', 'report', 'complaint_and_report', 'information_request', 'reconsideration', 'litigation'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export const ID_TYPES = ['resident_id', 'passport', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const PUNITIVE = ['none', '3x', '10x', 'other'] as const;
export type Punitive = (typeof PUNITIVE)[number];
/** The multiples a punitive demand can name (PUNITIVE without 'none'). */
export const PUNITIVE_MULTIPLES = PUNITIVE.filter((p): p is Exclude<Punitive, 'none'> => p !== 'none');
export const EVENT_TYPES = ['withdrawn', 'settled', 'compensated', 'mediation_ended', 'upheld', 'rejected'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
