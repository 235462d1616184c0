export { findPublishedManifestProblems, packageNameOf } from './manifest/published-manifest.ts';
export { verifyPackedPackages } from './manifest/verify-packed.ts';
