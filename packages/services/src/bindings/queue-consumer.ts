import { definitionError } from '../errors.js';
import type { ExecutionContextLike, MessageBatchLike, QueueLike, QueueMessageLike } from './types.js';

type Env = Record<string, unknown>;

export interface QueueConsumerOptions<T = unknown> {
  /** Handles one message; a throw means "retry later". */
  handle: (body: T, message: QueueMessageLike<T>, env: Env) => Promise<void> | void;
  /** Deliveries before a message goes to the dead-letter queue (default 3). */
  maxAttempts?: number;
  /** Delay before a retry: a number of seconds or a function of the attempt number (default 2^attempt, max 300). */
  retryDelaySec?: number | ((attempt: number) => number);
  /** Queue binding that receives messages which failed `maxAttempts` times, wrapped with the failure reason. */
  deadLetter?: string;
  /** Called for every failure (log it); the error itself never leaves the consumer. */
  onError?: (error: unknown, message: QueueMessageLike<T>) => void;
}

export interface QueueBatchOutcome {
  acked: number;
  retried: number;
  deadLettered: number;
}

/** Builds a `queue()` handler: each message is handled on its own, acked, retried with backoff or dead-lettered. */
export function queueConsumer<T = unknown>(options: QueueConsumerOptions<T>) {
  if (!options || typeof options.handle !== 'function')
    throw definitionError('queueConsumer: handle must be a function');
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw definitionError('queueConsumer: maxAttempts must be an integer >= 1');
  const delay = (attempt: number): number =>
    typeof options.retryDelaySec === 'function'
      ? options.retryDelaySec(attempt)
      : (options.retryDelaySec ?? Math.min(300, 2 ** attempt));

  return async (
    batch: MessageBatchLike<T>,
    env: Env,
    _ctx?: ExecutionContextLike,
  ): Promise<QueueBatchOutcome> => {
    const outcome: QueueBatchOutcome = { acked: 0, retried: 0, deadLettered: 0 };
    for (const message of batch.messages) {
      try {
        await options.handle(message.body, message, env);
        message.ack();
        outcome.acked++;
      } catch (error) {
        options.onError?.(error, message);
        if (message.attempts >= maxAttempts && options.deadLetter) {
          const dlq = env[options.deadLetter] as QueueLike | undefined;
          if (dlq && typeof dlq.send === 'function') {
            await dlq.send({
              queue: batch.queue,
              id: message.id,
              attempts: message.attempts,
              body: message.body,
              error: error instanceof Error ? error.message : String(error),
            });
            message.ack();
            outcome.deadLettered++;
            continue;
          }
        }
        // Without a dead-letter queue the platform's own retry limit (max_retries) decides when to stop.
        message.retry({ delaySeconds: delay(message.attempts) });
        outcome.retried++;
      }
    }
    return outcome;
  };
}
