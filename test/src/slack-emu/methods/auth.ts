import { authed, type MethodDef } from '../context';
import { workspaceUrl } from '../message-json';
import { boolParam } from '../transport';

const test: MethodDef = {
  json: true,
  auth: true,
  handle(call) {
    const { ws, token } = authed(call);
    const expiresIn =
      token.expiresAtMs === undefined
        ? {}
        : { expires_in: Math.max(0, Math.floor((token.expiresAtMs - call.core.clock.now()) / 1000)) };
    return {
      url: workspaceUrl(call.core.origin(), ws),
      team: ws.name,
      user: 'gp-relay',
      team_id: ws.teamId,
      user_id: ws.botUserId,
      bot_id: ws.botId,
      is_enterprise_install: false,
      ...expiresIn,
    };
  },
};

const revoke: MethodDef = {
  json: false,
  auth: true,
  handle(call) {
    const { token } = authed(call);
    // `test=true` checks the token without revoking it.
    if (!(boolParam(call.req.params.test) ?? false)) token.revoked = true;
    call.core.recorder.touch();
    return { revoked: true };
  },
};

export const authMethods: Record<string, MethodDef> = { 'auth.test': test, 'auth.revoke': revoke };
