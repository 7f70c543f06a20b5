'use strict';
// What the agent bundle gets for `import ... from 'undici'` (see build.mjs): the dispatchers and the
// request API it uses, loaded from undici's own modules, without the rest of undici's index (mock
// agents, caches, interceptors, WebSocket, EventSource), which costs an idle agent ~9 MB of memory.
// fetch (enroll, doctor) comes from the full index, through src/transport/undici-fetch.ts. Same undici.
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const api = require('undici/lib/api');
const { getGlobalDispatcher } = require('undici/lib/global');
const { InvalidArgumentError } = require('undici/lib/core/errors');

// undici's index does the same: every dispatcher gets request(), stream(), pipeline()...
Object.assign(Dispatcher.prototype, api);

/** undici's top-level request(url, options), for the forms the agent calls: a URL and an options object. */
function request(url, options = {}) {
  if (typeof url !== 'string' && !(url instanceof URL)) throw new InvalidArgumentError('invalid url');
  if (options.path != null || options.agent) {
    throw new InvalidArgumentError('the agent bundle supports request(url, options) without path or agent');
  }
  const parsed = new URL(url);
  const dispatcher = options.dispatcher ?? getGlobalDispatcher();
  return dispatcher.request({
    ...options,
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}`,
    method: options.method || (options.body ? 'PUT' : 'GET'),
  });
}

module.exports = {
  Dispatcher,
  Client: require('undici/lib/dispatcher/client'),
  Agent: require('undici/lib/dispatcher/agent'),
  ProxyAgent: require('undici/lib/dispatcher/proxy-agent'),
  request,
};
