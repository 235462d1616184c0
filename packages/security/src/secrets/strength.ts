import { SecurityError, SecurityErrorCode } from '../errors.js';
import { estimateEntropy } from './entropy.js';
import { matchPlaceholder, PLACEHOLDER_PATTERNS } from './placeholders.js';
import { findWeakPatterns } from './weak-patterns.js';

export interface KeyStrengthOptions {
  /** Minimum length in characters (default 32). */
  minLength?: number;
  /** Minimum estimated entropy in bits (default 96; see `estimateEntropy`). */
  minEntropyBits?: number;
  /** Placeholder patterns to reject (default `PLACEHOLDER_PATTERNS`). */
  placeholderPatterns?: readonly string[];
}

export interface KeyStrength {
  ok: boolean;
  /** Why the value is weak, one sentence each; never contains the value. */
  reasons: string[];
  entropyBits: number;
}

/** Judges a secret value without revealing it: length, entropy, placeholder and weak-pattern checks. */
export function checkKeyStrength(value: string, options: KeyStrengthOptions = {}): KeyStrength {
  if (typeof value !== 'string') {
    throw new SecurityError(SecurityErrorCode.INVALID_ARGUMENT, 'checkKeyStrength: value must be a string');
  }
  const minLength = options.minLength ?? 32;
  const minEntropyBits = options.minEntropyBits ?? 96;
  const reasons: string[] = [];
  const length = [...value].length;
  if (length < minLength) reasons.push(`is ${length} characters long; at least ${minLength} are required`);
  const placeholder = matchPlaceholder(value, options.placeholderPatterns ?? PLACEHOLDER_PATTERNS);
  // The pattern is not quoted: for an exact pattern such as "secret" it would repeat the value.
  if (placeholder !== undefined) reasons.push('matches a known placeholder or dummy value');
  reasons.push(...findWeakPatterns(value));
  const entropyBits = estimateEntropy(value);
  if (entropyBits < minEntropyBits) {
    reasons.push(
      `has an estimated ${Math.floor(entropyBits)} bits of entropy; at least ${minEntropyBits} are required`,
    );
  }
  return { ok: reasons.length === 0, reasons, entropyBits };
}
