import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldError } from '../../domain/problem';

/**
 * The one error type of the application. Services throw it; one handler renders it as
 * application/problem+json (RFC 9457). `extra` adds members such as `existingClientId`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const badRequest = (message: string, errors?: FieldError[]) => new AppError(400, 'validation', message, errors);
/** A single bad field: the message names the field and the reason. */
export const fieldError = (path: string, message: string, status = 400) =>
  new AppError(status, 'validation', `${path} ${message}`, [{ path, message }]);
export const unauthorized = (message = 'Sign in or send an API key to use this endpoint.') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role does not allow this.') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'record') => new AppError(404, 'not_found', `No such ${what}.`);
export const conflict = (message: string, errors?: FieldError[], extra?: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, errors, extra);

/** Renders any thrown error as problem+json and registers the 404 for unknown API paths. */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return sendProblem(reply, error.status, error.code, error.message, error.errors, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => {
        const where = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const field = where || missingProperty(v.params) || String(error.validationContext ?? 'body');
        return { path: field, message: v.message ?? 'is invalid' };
      });
      const where = error.validationContext ?? 'body';
      return sendProblem(reply, 400, 'validation', describe(errors, where), errors);
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (fe instanceof SyntaxError && fe.statusCode === 400)) {
      return sendProblem(reply, 400, 'malformed_json', 'The request body is not valid JSON.');
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (fe.statusCode === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
      return sendProblem(reply, fe.statusCode, fe.code ?? 'bad_request', fe.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'internal', 'Something went wrong on our side. It has been logged.');
  });
}

function missingProperty(params: unknown): string | undefined {
  const p = params as { missingProperty?: string } | undefined;
  return p?.missingProperty;
}

function describe(errors: FieldError[], where: string): string {
  const first = errors[0];
  if (!first) return `The request ${where} is invalid.`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.path} ${first.message}${more}`;
}

export function sendProblem(
  reply: import('fastify').FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  extra?: Record<string, unknown>,
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://rapport.dev/problems/${code.replace(/_/g, '-')}`,
      title: titles[status] ?? 'Error',
      status,
      detail,
      ...(errors?.length ? { errors } : {}),
      ...extra,
    });
}
