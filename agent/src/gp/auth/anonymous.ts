import { noAuthentication } from '../soap/http-authenticator';
import type { GpAuthentication } from './gp-auth-factory';

/** A source whose `auth` is `none`: no authenticator, no dedicated connection. */
export const ANONYMOUS: GpAuthentication = {
  authenticator: noAuthentication,
  dispatcher: null,
  kerberos: null,
  describe: () => '',
  close: async () => {},
};
