import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';

/** A period during which deployments to some (or all) environments are refused. */
export interface FreezeWindow {
  /** ISO time or Date; inclusive. */
  start: string | Date;
  /** ISO time or Date; exclusive. */
  end: string | Date;
  /** Environments frozen; all when absent. */
  environments?: readonly string[];
  reason?: string;
}

export function checkFreezeWindows(windows: readonly FreezeWindow[] | undefined): FreezeWindow[] {
  if (windows === undefined) return [];
  if (!Array.isArray(windows)) {
    throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, 'freezeWindows: expected an array');
  }
  windows.forEach((w, i) => {
    const start = timeOf(w?.start);
    const end = timeOf(w?.end);
    if (start === undefined) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `freezeWindows[${i}].start: expected an ISO time`,
      );
    }
    if (end === undefined) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `freezeWindows[${i}].end: expected an ISO time`,
      );
    }
    if (end <= start) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `freezeWindows[${i}].end: must be after start`,
      );
    }
  });
  return [...windows];
}

/** The window freezing `environment` at `now`, if any. */
export function activeFreeze(
  windows: readonly FreezeWindow[],
  environment: string,
  now: number,
): FreezeWindow | undefined {
  return windows.find(
    (w) =>
      (w.environments === undefined || w.environments.includes(environment)) &&
      (timeOf(w.start) as number) <= now &&
      now < (timeOf(w.end) as number),
  );
}

export function freezeError(window: FreezeWindow, environment: string): OrchestrationError {
  const iso = (t: string | Date) => new Date(timeOf(t) as number).toISOString();
  return new OrchestrationError(
    ORCHESTRATION_ERRORS.CHANGE_FREEZE,
    `${environment} is frozen from ${iso(window.start)} to ${iso(window.end)}${window.reason ? ` (${window.reason})` : ''}`,
    { environment },
  );
}

function timeOf(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
