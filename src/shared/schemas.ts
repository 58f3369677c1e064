/** Schema pieces shared by several routes. */
import { Type } from 'typebox';

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default 50; values above 500 are clamped' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'opaque; from the previous page' })),
};

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const Reason = Type.String({ minLength: 1, maxLength: 2000 });

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(Type.Object({ path: Type.Optional(Type.String()), message: Type.String() })),
  }),
});
