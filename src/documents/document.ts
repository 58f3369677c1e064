/**
 * The documents a bureau serves on a person, as storage keeps them. Like `registry/entry.ts`, the
 * shapes live apart from the modules that build them, so storage can name them without importing
 * rendering.
 */

/** The documents due process produces, and the registry step that issues each. */
export const DOCUMENT_KINDS = ['notice', 'decision', 'removal', 'expiry'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  notice: '投诉举报异常名录列入告知书',
  decision: '投诉举报异常名录列入决定书',
  removal: '投诉举报异常名录移出决定书',
  expiry: '投诉举报异常名录期满移出告知书',
};

/** Ways of service (送达方式) a reviewer may record, as the Administrative Penalty Law and practice name them. */
export const SERVICE_METHODS = ['直接送达', '留置送达', '邮寄送达', '电子送达', '委托送达', '公告送达'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

export interface ServiceRecord {
  documentId: string;
  method: ServiceMethod;
  /** The Shanghai civil date the document reached the person, `YYYY-MM-DD`. */
  servedOn: string;
  note: string | null;
  recordedBy: string;
  recordedAt: number;
}

/** A document without its bodies (what lists show). */
export interface DocumentSummary {
  id: string;
  entryId: string;
  kind: DocumentKind;
  number: string;
  year: number;
  seq: number;
  htmlSha256: string;
  pdfSha256: string | null;
  pdfAt: number | null;
  createdAt: number;
  createdBy: string;
}

export interface DocumentRecord extends DocumentSummary {
  html: string;
  pdf: Buffer | null;
}
