-- Drives okr lsp from Neovim (0.7 and later), headless, as a user's
-- configuration would: starts the server on the repository OKR_ROOT for
-- the file OKR_FILE, waits for its diagnostics, asks for a hover and a
-- definition at line OKR_LINE, character OKR_CHAR (0-based), and writes
-- what Neovim made of them, as JSON, to OKR_OUT (and, with OKR_FILE2, a
-- hover in that file at OKR_LINE2, OKR_CHAR2). With OKR_ENCODING, the
-- client offers only that position encoding. cmd/okr TestNeovim runs it.
local okr, root, file, out = os.getenv('OKR_BIN'), os.getenv('OKR_ROOT'), os.getenv('OKR_FILE'), os.getenv('OKR_OUT')
local line, char = tonumber(os.getenv('OKR_LINE')), tonumber(os.getenv('OKR_CHAR'))
local result = { errors = {} }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. file))
  local buf = vim.api.nvim_get_current_buf()
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  local enc = os.getenv('OKR_ENCODING')
  if enc and enc ~= '' then
    capabilities.general = capabilities.general or {}
    capabilities.general.positionEncodings = { enc }
    capabilities.offsetEncoding = { enc }
  end
  local id = vim.lsp.start_client({
    name = 'okr',
    cmd = { okr, 'lsp', '--at', '2026-11-15' },
    root_dir = root,
    capabilities = capabilities,
    -- Neovim before 0.10 reads no positionEncoding: take the encoding
    -- from the reply, as for clangd (okr lsp sends offsetEncoding too).
    on_init = function(client, init)
      if init.offsetEncoding then client.offset_encoding = init.offsetEncoding end
    end,
  })
  assert(id, 'okr lsp did not start')
  vim.lsp.buf_attach_client(buf, id)
  vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
      source = d.source, message = d.message, code = code,
    })
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = char } }
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 20000) or {}
  for _, r in pairs(hover) do
    if r.result then result.hover = r.result.contents.value end
    if r.err then table.insert(result.errors, vim.inspect(r.err)) end
  end
  local def = vim.lsp.buf_request_sync(buf, 'textDocument/definition', params, 20000) or {}
  for _, r in pairs(def) do
    if r.result then result.definition = r.result end
    if r.err then table.insert(result.errors, vim.inspect(r.err)) end
  end
  -- With OKR_FILE2, a hover there too, at OKR_LINE2, OKR_CHAR2.
  local file2 = os.getenv('OKR_FILE2')
  if file2 and file2 ~= '' then
    vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. file2))
    local buf2 = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf2, id)
    local params2 = { textDocument = { uri = vim.uri_from_bufnr(buf2) }, position = { line = tonumber(os.getenv('OKR_LINE2')), character = tonumber(os.getenv('OKR_CHAR2')) } }
    local hover2 = vim.lsp.buf_request_sync(buf2, 'textDocument/hover', params2, 20000) or {}
    for _, r in pairs(hover2) do
      if r.result then result.hover2 = r.result.contents.value end
      if r.err then table.insert(result.errors, vim.inspect(r.err)) end
    end
  end
  result.client = vim.lsp.get_client_by_id(id).offset_encoding
  vim.lsp.stop_client(id)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
