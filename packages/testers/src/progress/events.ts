/** Live progress, for a TTY renderer or a log. The library never prints; it only calls the listener. */
export type ProgressEvent =
  | {
      type: 'load';
      label: string;
      model: 'closed' | 'open';
      elapsedMs: number;
      completed: number;
      errors: number;
      inFlight: number;
      /** Completions per second over the last progress interval. */
      ratePerSec: number;
    }
  | { type: 'check'; tester: 'api' | 'auth' | 'database' | 'performance'; name: string; passed: boolean }
  | { type: 'phase'; phase: SuitePhase; state: 'start' | 'end'; passed?: boolean };

export type SuitePhase = 'api' | 'auth' | 'database' | 'performance' | 'load';

export type ProgressListener = (event: ProgressEvent) => void;

/** Adapts an EventTarget: each event is dispatched as a `CustomEvent('progress', { detail })`. */
export function progressToEventTarget(target: EventTarget): ProgressListener {
  return (event) => {
    target.dispatchEvent(new CustomEvent('progress', { detail: event }));
  };
}

/** Calls the listener, but a throwing listener must not break a measurement. */
export function emitProgress(listener: ProgressListener | undefined, event: ProgressEvent): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // a renderer's bug is not the measured service's failure
  }
}
