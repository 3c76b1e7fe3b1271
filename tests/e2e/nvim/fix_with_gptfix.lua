-- Headless Neovim (0.7+) session: start `gptfix lsp` with the built-in client, smoke-run
-- the open script, wait for the gptfix diagnostic, apply the preferred quick fix, write.
-- Environment: GPTFIX_CMD (JSON list: the server command), GPTFIX_OUT (JSON result file),
-- GPTFIX_WAIT_S (seconds to wait for a verified fix).
local out_path = os.getenv("GPTFIX_OUT")
local result = { steps = {} }

local function finish(ok, message)
  result.ok = ok
  result.message = message
  local f = io.open(out_path, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(ok and "qall!" or "cquit! 1")
end

local function step(name)
  table.insert(result.steps, name)
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local config = {
    name = "gptfix",
    cmd = vim.fn.json_decode(os.getenv("GPTFIX_CMD")),
    root_dir = vim.fn.fnamemodify(fname, ":h"),
    init_options = { runTimeout = 300 },
  }
  local client_id
  if vim.lsp.start then -- Neovim 0.8+
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else -- Neovim 0.7
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  local client = vim.lsp.get_client_by_id(client_id)
  if not vim.wait(30000, function() return client.initialized end, 50) then
    return finish(false, "server did not initialize")
  end
  step("initialized")

  local uri = vim.uri_from_bufnr(bufnr)
  local run = client.request_sync("workspace/executeCommand", {
    command = "gptfix.run",
    arguments = { uri, { smoke = true } },
  }, 300000, bufnr)
  if not run or run.err then
    return finish(false, "gptfix.run failed: " .. vim.inspect(run and run.err))
  end
  result.run_status = run.result.status
  step("ran")

  if not vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
    return finish(false, "no diagnostic after the run")
  end
  local diag = vim.diagnostic.get(bufnr)[1]
  result.diagnostic = { line = diag.lnum, code = diag.code, source = diag.source }
  step("diagnostic")

  -- what Neovim's own code_action() sends: the LSP diagnostics of the cursor line
  local line_diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, diag.lnum)
  local params = vim.lsp.util.make_range_params()
  params.range = {
    start = { line = diag.lnum, character = 0 },
    ["end"] = { line = diag.lnum, character = 0 },
  }
  params.context = { diagnostics = line_diags }

  local preferred
  local wait_s = tonumber(os.getenv("GPTFIX_WAIT_S") or "180")
  vim.wait(wait_s * 1000, function()
    local resp = client.request_sync("textDocument/codeAction", params, 10000, bufnr)
    for _, action in ipairs((resp and resp.result) or {}) do
      if action.isPreferred then
        preferred = action
        return true
      end
    end
    return false
  end, 1000)
  if not preferred then
    return finish(false, "no preferred quick fix")
  end
  result.action = preferred.title
  step("action")

  if not preferred.edit and preferred.data then
    local resolved = client.request_sync("codeAction/resolve", preferred, 60000, bufnr)
    if not resolved or resolved.err then
      return finish(false, "resolve failed: " .. vim.inspect(resolved and resolved.err))
    end
    preferred = resolved.result
    step("resolved")
  end
  if not preferred.edit then
    return finish(false, "the preferred action has no edit")
  end
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  vim.cmd("write")
  step("written")
  client.stop()
  finish(true, "ok")
end)
if not ok then
  finish(false, "error: " .. tostring(err))
end
