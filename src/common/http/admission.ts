import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AllExceptionsFilter } from '../filters/all-exceptions.filter';
import { CommonErrorCode, commonError } from '../errors/error-codes';

export interface AdmissionOptions {
  /** Requests inside the app at once; 0 = no limit. */
  maxInFlight: number;
  /** Requests waiting for a place; one more is answered 503 at once. */
  queueLimit: number;
  /** A request that waited this long without starting is answered 503. */
  queueTimeoutMs: number;
}

const HEALTH = /^(\/api\/v\d+)?\/health(\/|$)/;

/** Requests that never wait: probes must answer under load, streams and uploads are long. */
export function bypassesAdmission(req: Request): boolean {
  const path = req.path;
  if (HEALTH.test(path)) {
    return true;
  }
  if (path.endsWith('/notifications/stream')) {
    return true;
  }
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
}

const RETRY_AFTER_SECONDS = 1;

/**
 * Bounded concurrency (admission control). Node runs, in one turn of its event loop, the next
 * piece of every request that is ready; with 50 requests inside the app at once on two CPUs a
 * turn took 50-130 ms, which every timer, probe and database heartbeat of the process waited
 * for. Past `maxInFlight` requests wait here in arrival order, before any work of theirs is
 * done (they are only parsed), so a turn holds at most that many pieces; throughput stays what
 * the CPUs give. A waiting request whose client goes away leaves the queue; one that waited
 * `queueTimeoutMs`, or arrives to a full queue, gets 503 SERVICE_UNAVAILABLE with Retry-After.
 * A place is given back exactly once, when the response finishes or the connection closes.
 */
export function admission(options: AdmissionOptions): RequestHandler {
  const { maxInFlight, queueLimit, queueTimeoutMs } = options;
  let inFlight = 0;
  const waiting = new Set<() => void>();

  const handOn = () => {
    for (const start of waiting) {
      waiting.delete(start);
      start();
      return;
    }
    inFlight--;
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (maxInFlight <= 0 || bypassesAdmission(req)) {
      next();
      return;
    }
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    const wait: { timer?: NodeJS.Timeout } = {};
    const start = () => {
      clearTimeout(wait.timer);
      state = 'running';
      next();
    };
    // Attached on arrival: a client that leaves while waiting must leave the queue too.
    const end = () => {
      clearTimeout(wait.timer);
      if (state === 'waiting') {
        waiting.delete(start);
      } else if (state === 'running') {
        handOn();
      }
      state = 'done';
    };
    res.once('finish', end);
    res.once('close', end);

    if (inFlight < maxInFlight) {
      inFlight++;
      start();
      return;
    }
    const refuse = () => {
      waiting.delete(start);
      state = 'done';
      AllExceptionsFilter.respond(
        commonError(
          CommonErrorCode.Unavailable,
          'The server is at capacity; retry shortly',
          undefined,
          RETRY_AFTER_SECONDS,
        ),
        req,
        res,
      );
    };
    if (waiting.size >= queueLimit) {
      refuse();
      return;
    }
    waiting.add(start);
    wait.timer = setTimeout(refuse, queueTimeoutMs);
    wait.timer.unref();
  };
}
