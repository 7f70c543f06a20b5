import type { RunningCloud } from '@gprelay/cloud';

/** The operator token of the in-process clouds of the integration tests. */
export const OPERATOR_TOKEN = 'int-operator-token-0123456789abcdef012345';

export type OperatorApi = <T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
) => Promise<{ status: number; body: T }>;

/** The operator API of an in-process cloud, through Fastify's inject; `cloud` is read at each call. */
export function operatorApi(cloud: () => RunningCloud): OperatorApi {
  return async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const response = await cloud().app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      ...(payload ? { payload } : method === 'GET' ? {} : { payload: {} }),
    });
    return { status: response.statusCode, body: response.json() as T };
  };
}
