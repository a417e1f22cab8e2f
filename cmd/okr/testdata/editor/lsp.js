// A minimal LSP client for yaml-language-server, as an editor drives it:
//   node lsp.js SERVER WORKSPACE FILE...
// opens each FILE (relative to WORKSPACE) with the workspace's
// .vscode/settings.json "yaml.schemas" as the yaml settings (what VS Code
// sends), and prints the diagnostics of each file as JSON lines
// {"file", "line", "message"} (line 1-based).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const [server, workspace, ...files] = process.argv.slice(2);
let schemas = {};
const settingsFile = path.join(workspace, '.vscode', 'settings.json');
if (fs.existsSync(settingsFile)) {
  schemas = JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['yaml.schemas'] || {};
}
const settings = { yaml: { validate: true, schemas, schemaStore: { enable: false } } };

const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
let id = 0;
const send = (msg) => {
  const body = JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg));
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const request = (method, params) => send({ id: ++id, method, params });
const notify = (method, params) => send({ method, params });

const uris = new Map(files.map((f) => [pathToFileURL(path.join(workspace, f)).href, f]));
const seen = new Map();
let buf = Buffer.alloc(0);
let opened = false;
const done = () => {
  for (const [uri, f] of uris) {
    for (const d of seen.get(uri) || []) {
      console.log(JSON.stringify({ file: f, line: d.range.start.line + 1, message: d.message }));
    }
  }
  child.kill();
  process.exit(0);
};
// Diagnostics come after each change; wait until every file has had
// some and the server has been quiet for a while.
let quiet;
const settle = () => {
  clearTimeout(quiet);
  quiet = setTimeout(() => { if ([...uris.keys()].every((u) => seen.has(u))) done(); else settle(); }, 1500);
};
setTimeout(() => { console.error('lsp.js: timed out'); done(); }, 60000);

child.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const head = buf.indexOf('\r\n\r\n');
    if (head < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.slice(0, head).toString())[1]);
    if (buf.length < head + 4 + len) return;
    const msg = JSON.parse(buf.slice(head + 4, head + 4 + len).toString());
    buf = buf.slice(head + 4 + len);
    if (msg.method === 'workspace/configuration') {
      send({ id: msg.id, result: msg.params.items.map((it) => (it.section === 'yaml' ? settings.yaml : it.section ? null : settings)) });
    } else if (msg.method && msg.id !== undefined) {
      send({ id: msg.id, result: null });
    } else if (msg.method === 'textDocument/publishDiagnostics') {
      if (uris.has(msg.params.uri)) {
        seen.set(msg.params.uri, msg.params.diagnostics);
        settle();
      }
    } else if (msg.id === 1 && !opened) {
      opened = true;
      notify('initialized', {});
      notify('workspace/didChangeConfiguration', { settings });
      for (const [uri, f] of uris) {
        notify('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(path.join(workspace, f), 'utf8') },
        });
      }
    }
  }
});

request('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(workspace).href,
  workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
  capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
});
