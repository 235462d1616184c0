import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The parser ships source maps that point at sources it does not publish; Vite would warn per file.
  logLevel: 'error',
  test: {
    // @actions/workflow-parser imports its JSON schema without an import attribute (it expects a
    // bundler); letting Vite transform it makes it load under plain Node ESM rules.
    server: { deps: { inline: [/@actions\/workflow-parser/, /@actions\/expressions/] } },
  },
});
