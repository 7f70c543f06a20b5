import Type from 'typebox';

/** The error body every route may answer with. */
export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export const TenantIdParams = Type.Object({ tenantId: Type.String({ pattern: '^tnt_[0-9a-z]{20}$' }) });

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
} as const;
