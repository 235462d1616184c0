// `pnpm demo`: the main job. It lives beside the portfolio it deploys, so the demo package's tests and
// cache follow it.
import '../apps/demo/demo.mjs';
