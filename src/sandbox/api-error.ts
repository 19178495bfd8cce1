// An error the sandbox answers with, in Cal.com's error envelope and with Cal.com's status and code, and the
// envelope itself, which every sandbox error (the /v2 API, the admin API, refused requests) is written in.
import { BodyError } from '../http/body.js';

export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SandboxApiError';
  }

  static badRequest(message: string, code = 'BadRequestException'): SandboxApiError {
    return new SandboxApiError(400, code, message);
  }

  static notFound(message: string, code = 'NotFoundException'): SandboxApiError {
    return new SandboxApiError(404, code, message);
  }

  static conflict(code: string, message: string, details?: Record<string, unknown>): SandboxApiError {
    return new SandboxApiError(409, code, message, details);
  }

  static internal(): SandboxApiError {
    return new SandboxApiError(500, 'InternalServerErrorException', 'Internal server error');
  }

  /** A body problem as Nest names it: 413 PayloadTooLargeException, or 400. */
  static fromBody(e: BodyError): SandboxApiError {
    return new SandboxApiError(e.status, e.status === 413 ? 'PayloadTooLargeException' : 'BadRequestException', e.message);
  }
}

/** The statuses the sandbox answers with, documented in README ("The sandbox"). */
export const SANDBOX_STATUSES = [200, 201, 400, 401, 403, 404, 408, 409, 413, 415, 429, 431, 500, 502, 503, 504] as const;

export function errorEnvelope(path: string, e: SandboxApiError) {
  return {
    status: 'error',
    timestamp: new Date().toISOString(),
    path,
    error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) },
  };
}
