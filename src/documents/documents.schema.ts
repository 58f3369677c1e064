/** Request and response schemas of the document routes (responses closed: see shared/schemas.ts). */
import { Type } from 'typebox';
import { Closed, Nullable, TimeOut } from '../shared/schemas.js';
import { DOCUMENT_KINDS, SERVICE_METHODS } from './document.js';

export const ServiceSchema = Closed({
  method: Type.Enum([...SERVICE_METHODS]),
  servedOn: Type.String({ format: 'date', description: 'the Shanghai date the document reached the person' }),
  note: Type.Optional(Type.String({ description: 'personal numbers masked' })),
  recordedBy: Type.String(),
  recordedAt: TimeOut,
});

export const DocumentSchema = Closed({
  id: Type.String(),
  entryId: Type.String(),
  kind: Type.Enum([...DOCUMENT_KINDS], {
    description: 'notice 告知书 (approve_notice), decision 列入决定书 (decide: list), removal 移出决定书 (remove), expiry 期满移出告知书 (expire)',
  }),
  title: Type.String(),
  number: Type.String({ examples: ['鹿市监异告〔2026〕12号'] }),
  createdAt: TimeOut,
  createdBy: Type.String({ description: 'a key name, or system' }),
  htmlSha256: Type.String({ description: 'SHA-256 of the HTML, as in the audit record of the step that issued it' }),
  pdfSha256: Nullable(Type.String({ description: 'SHA-256 of the PDF, as in its render_pdf audit record; null until printed' })),
  pdfAt: Nullable(TimeOut),
  service: Nullable(ServiceSchema),
});

export const ServiceBodySchema = Type.Object(
  {
    method: Type.Enum([...SERVICE_METHODS], { description: '送达方式' }),
    servedOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD (Asia/Shanghai): not in the future, not before the document was issued' }),
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'e.g. the postal tracking number or who signed; personal numbers are masked' }),
    ),
  },
  { additionalProperties: false },
);
