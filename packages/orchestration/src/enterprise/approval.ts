import { readFile } from 'node:fs/promises';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';

export interface ApprovalRequest {
  deploymentId: string;
  environment: string;
  services: readonly string[];
}

export interface ApprovalDecision {
  approved: boolean;
  /** Who approved, when known. */
  by?: string;
  /** Why not, when not approved. */
  reason?: string;
  /** `flag` or the policy file's path. */
  source: string;
}

/** Decides whether a protected environment may be deployed. */
export interface ApprovalGate {
  check(request: ApprovalRequest): Promise<ApprovalDecision>;
}

/** An approval given on the command line (`--approve`) or by an API caller. */
export function approvalFlag(approved: boolean, by?: string): ApprovalGate {
  return {
    check: async () => ({
      approved,
      ...(by ? { by } : {}),
      ...(approved ? {} : { reason: 'no approval was given' }),
      source: 'flag',
    }),
  };
}

/** One entry of an approval policy file. */
export interface PolicyApproval {
  environment: string;
  approvedBy: string;
  /** ISO time after which the approval no longer counts. */
  expiresAt?: string;
  /** Services it covers; all when absent. */
  services?: string[];
}

/**
 * Approvals kept in a JSON file (`{ "approvals": [{ "environment", "approvedBy", "expiresAt"?, "services"? }] }`),
 * read when the gate is checked so an approval added during a promotion counts.
 */
export class ApprovalPolicyFile implements ApprovalGate {
  readonly #path: string;
  readonly #clock: Clock;

  constructor(path: string, options: { clock?: Clock } = {}) {
    if (typeof path !== 'string' || path === '') {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        'path: expected the policy file path',
      );
    }
    this.#path = path;
    this.#clock = options.clock ?? systemClock;
  }

  async check(request: ApprovalRequest): Promise<ApprovalDecision> {
    const approvals = await this.#read();
    const now = this.#clock.now();
    const match = approvals.find(
      (a) =>
        a.environment === request.environment &&
        (a.expiresAt === undefined || Date.parse(a.expiresAt) > now) &&
        (a.services === undefined || request.services.every((s) => a.services?.includes(s))),
    );
    if (match) return { approved: true, by: match.approvedBy, source: this.#path };
    return {
      approved: false,
      reason: `no unexpired approval for ${request.environment} covering ${request.services.join(', ')}`,
      source: this.#path,
    };
  }

  async #read(): Promise<PolicyApproval[]> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, `${this.#path}: not valid JSON`);
    }
    const approvals = (parsed as { approvals?: unknown })?.approvals;
    if (!Array.isArray(approvals)) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `${this.#path}: approvals: expected an array`,
      );
    }
    approvals.forEach((a: PolicyApproval, i) => {
      for (const key of ['environment', 'approvedBy'] as const) {
        if (typeof a?.[key] !== 'string' || a[key] === '') {
          throw new OrchestrationError(
            ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
            `${this.#path}: approvals[${i}].${key}: expected a non-empty string`,
          );
        }
      }
      if (a.expiresAt !== undefined && Number.isNaN(Date.parse(a.expiresAt))) {
        throw new OrchestrationError(
          ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
          `${this.#path}: approvals[${i}].expiresAt: expected an ISO time`,
        );
      }
    });
    return approvals as PolicyApproval[];
  }
}
