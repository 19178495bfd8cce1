// An error the sandbox answers with, in Cal.com's error envelope and with Cal.com's status and code.
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
}
