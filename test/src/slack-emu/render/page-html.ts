import { escapeHtml } from './mrkdwn-html';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.46 -apple-system,"Segoe UI",Lato,Helvetica,Arial,sans-serif;color:#1d1c1d;background:#f8f8f8}
header{position:sticky;top:0;z-index:2;display:flex;align-items:center;gap:16px;padding:10px 20px;background:#3f0e40;color:#fff}
header h1{margin:0;font-size:17px;font-weight:700}
header .sub{opacity:.75;font-size:13px}
header .live{margin-left:auto;font-size:12px;display:flex;align-items:center;gap:6px}
header .dot{width:8px;height:8px;border-radius:50%;background:#2bac76}
header .dot.off{background:#e01e5a}
main{max-width:1000px;margin:0 auto;padding:16px 20px 80px}
.ws h2{font-size:18px;margin:20px 0 8px;display:flex;align-items:center;gap:8px}
.cid{font:12px ui-monospace,Menlo,monospace;color:#868686;margin-left:6px}
.chan{background:#fff;border:1px solid #e2e2e2;border-radius:8px;margin:0 0 14px;overflow:hidden}
.chan h3{margin:0;padding:8px 14px;font-size:15px;border-bottom:1px solid #eee;background:#fafafa;display:flex;align-items:center;gap:6px}
.chan h3 .count{margin-left:auto;font-weight:400;color:#868686;font-size:12px}
.hash{color:#868686}
.msgs{padding:4px 0}
.msg{display:flex;gap:10px;padding:6px 14px}
.msg:hover{background:#f8f8f8}
.msg.fresh{animation:fresh 2.5s ease-out}
@keyframes fresh{from{background:#fff3cd}to{background:transparent}}
.msg:target{background:#fff8e1;box-shadow:inset 3px 0 #ecb22e}
.avatar{flex:none;width:36px;height:36px;border-radius:6px;display:grid;place-items:center;font-weight:700;font-size:12px;color:#fff;background:#1264a3}
.avatar.user{background:#2bac76}
.thread .avatar{width:24px;height:24px;font-size:9px}
.content{min-width:0;flex:1}
.meta{display:flex;align-items:baseline;gap:6px;flex-wrap:wrap}
.author{font-weight:900}
.time{color:#616061;font-size:12px;text-decoration:none}
.time:hover{text-decoration:underline}
.tag{font-size:11px;padding:0 5px;border-radius:3px;background:#eee;color:#555}
.tag.app{background:#e8e8e8;font-weight:700}
.tag.meta{background:#e8f5fa;color:#1264a3;font-family:ui-monospace,Menlo,monospace}
.tag.warn{background:#fde7ee;color:#a1003b}
.tag.rl{background:#fff3cd;color:#7a5a00}
.edited{color:#868686;font-size:12px}
.body{word-wrap:break-word;overflow-wrap:anywhere}
.b-header{font-weight:900;font-size:17px;margin:4px 0}
.b-section{display:flex;gap:12px;margin:4px 0}
.b-main{flex:1;min-width:0}
.b-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px;margin-top:4px}
.b-context{color:#616061;font-size:12px;display:flex;gap:8px;flex-wrap:wrap;margin:4px 0}
.b-divider{border:0;border-top:1px solid #ddd;margin:8px 0}
.b-actions{display:flex;gap:8px;flex-wrap:wrap;margin:6px 0}
.b-unknown{color:#868686;font-style:italic}
.btn{display:inline-block;border:1px solid #ccc;border-radius:4px;padding:2px 10px;font-size:13px;font-weight:700;background:#fff}
.btn.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.btn.danger{background:#fff;color:#e01e5a;border-color:#e01e5a}
.img-ph{display:inline-block;padding:6px 10px;border:1px dashed #bbb;border-radius:4px;color:#616061;font-size:13px}
.img-ph.small{padding:0 4px;font-size:11px}
code{font:12px ui-monospace,Menlo,monospace;background:#f6f6f6;border:1px solid #e4e4e4;border-radius:3px;padding:0 3px;color:#c01343}
pre{font:12px ui-monospace,Menlo,monospace;background:#f6f6f6;border:1px solid #e4e4e4;border-radius:4px;padding:8px;white-space:pre-wrap;margin:4px 0}
blockquote{margin:4px 0;padding-left:10px;border-left:4px solid #ddd}
a{color:#1264a3}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.mention.ping{background:#fff3cd;color:#7a5a00}
.chan-ref{color:#1264a3}
.thread{margin:6px 0 2px;border-left:2px solid #e2e2e2;padding-left:6px}
.thread .msg{padding:4px 6px}
.thread-head{font-size:12px;color:#1264a3;font-weight:700;padding:0 6px}
.empty{color:#868686;font-size:13px;padding:8px 14px}
.empty.big{padding:40px;text-align:center;font-size:15px}
`;

/**
 * The page a person watches in the demo. It polls `/_emu/view?since=<version>`; the server answers
 * with pre-rendered, fully escaped HTML only when something changed. New messages flash and are
 * scrolled into view, so the viewer follows the action across channels.
 */
const SCRIPT = `
(function(){
  var version = -1, feed = document.getElementById('feed'), stats = document.getElementById('stats'), dot = document.getElementById('dot');
  function ids(){ var out = {}; feed.querySelectorAll('article.msg').forEach(function(a){ out[a.id] = 1; }); return out; }
  function poll(){
    fetch('/_emu/view?since=' + version, { cache: 'no-store' }).then(function(r){ return r.json(); }).then(function(v){
      dot.className = 'dot';
      if (v.version === version) return;
      var first = version === -1, known = ids(), fresh = [];
      version = v.version; feed.innerHTML = v.html; stats.textContent = v.stats;
      if (!first) feed.querySelectorAll('article.msg').forEach(function(a){ if (!known[a.id]) { a.classList.add('fresh'); fresh.push(a); } });
      var target = first && location.hash ? document.getElementById(location.hash.slice(1)) : fresh[fresh.length - 1];
      if (target) target.scrollIntoView({ block: first ? 'center' : 'nearest' });
      else if (first) window.scrollTo(0, document.body.scrollHeight);
    }).catch(function(){ dot.className = 'dot off'; }).then(function(){ setTimeout(poll, 800); });
  }
  poll();
})();
`;

export function renderPage(apiUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Slack emulator · GP Relay</title><style>${CSS}</style></head>
<body><header><h1>Slack emulator</h1><span class="sub">Web API at ${escapeHtml(apiUrl)}</span><span class="sub" id="stats"></span>
<span class="live"><span class="dot" id="dot"></span>live</span></header>
<main id="feed"><div class="empty big">Loading…</div></main>
<script>${SCRIPT}</script></body></html>`;
}
