import { Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '../../../common/auth/auth-user';
import { AppError } from '../../../common/errors/app-error';

/** A request one of the global auth guards refused, with the error it answers. */
export interface GuardDenial {
  /** The route's context: handler and class (for their metadata) and the HTTP request. */
  context: ExecutionContext;
  /** The authenticated caller, or null when authentication itself failed. */
  user: AuthUser | null;
  error: AppError;
}

/**
 * Told of every refusal by JwtAuthGuard, PasswordChangeGuard and RolesGuard before the error is
 * answered. A module listed after auth plugs in at start-up (the clinical access audit records
 * refusals of clinical routes):
 *
 *   onModuleInit() { this.denials.observe(this); }
 *
 * An observer decides from the route's metadata whether the refusal concerns it; it must not
 * change the answer (its own failure is logged, and the guard's error is answered unchanged).
 */
export abstract class GuardDenialObserver {
  abstract denied(denial: GuardDenial): Promise<void>;
}

/** The registry the guards report refusals to. */
@Injectable()
export class GuardDenials {
  private readonly logger = new Logger(GuardDenials.name);
  private readonly observers = new Set<GuardDenialObserver>();

  /** Registers an observer; returns a function that removes it. */
  observe(observer: GuardDenialObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /**
   * Reports the refusal to every observer, then throws `error` as it was. Anything that is not
   * an AppError (a database outage while checking the session) is an error, not a refusal, and
   * is rethrown without being reported.
   */
  async refuse(context: ExecutionContext, user: AuthUser | null, error: unknown): Promise<never> {
    if (error instanceof AppError) {
      const refusal = error as AppError<string>;
      for (const observer of this.observers) {
        try {
          await observer.denied({ context, user, error: refusal });
        } catch (err) {
          this.logger.error(
            `A guard denial observer failed: ${err instanceof Error ? err.name : 'unknown error'}`,
          );
        }
      }
    }
    throw error;
  }
}
