// Imports a module that does not exist: wrangler's bundler rejects it, so the deploy fails for real.
import missing from './does-not-exist.js';

export default {
  async fetch() {
    return new Response(missing);
  },
};
