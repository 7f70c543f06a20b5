// undici's fetch, in a module of its own: the agent bundle (agent/scripts/build.mjs) resolves
// `undici` here to undici's full index (fetch, WebIDL, caches, mock agents...) and everywhere else to
// the slim entry, so only the commands that fetch (enroll, doctor) load it, never `agent run`.
export { fetch } from 'undici';
