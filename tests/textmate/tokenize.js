// Tokenize argmap texts with the TextMate grammar, as VS Code does.
//
// usage: node tokenize.js GRAMMAR < input.json > output.json
// input: a JSON list of texts; output: for each text, a list of
// [line (0-based), start, end, scopes] tokens, in order.
// Needs vscode-textmate and vscode-oniguruma on NODE_PATH (tests/test_textmate.py
// passes the folder .ci/run installs them into, ARGMAP_TEXTMATE_MODULES).
"use strict";
const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

async function main() {
  const grammarPath = process.argv[2];
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath),
  });
  const grammar = await registry.loadGrammar("source.argmap");
  const texts = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = texts.map((text) => {
    let state = vsctm.INITIAL;
    const tokens = [];
    text.split("\n").forEach((line, i) => {
      const result = grammar.tokenizeLine(line, state);
      result.tokens.forEach((t) => tokens.push([i, t.startIndex, Math.min(t.endIndex, line.length), t.scopes]));
      state = result.ruleStack;
    });
    return tokens;
  });
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
