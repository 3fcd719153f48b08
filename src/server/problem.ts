/** RFC 9457 problem details: every error the API returns is `application/problem+json` in this shape. */

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Validation errors: where and what. */
  errors?: { pointer: string; detail: string }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Problem types are documented in docs/server.md under this base. */
export const PROBLEM_BASE = 'https://plumbline.dev/problems/';

export class HttpProblem extends Error {
  readonly statusCode: number;
  readonly problemType: string;
  readonly errors?: Problem['errors'];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    type: string,
    detail: string,
    extra: { errors?: Problem['errors']; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.statusCode = status;
    this.problemType = type;
    if (extra.errors) this.errors = extra.errors;
    this.headers = extra.headers ?? {};
  }
}

export function problemBody(
  status: number,
  type: string,
  detail: string | undefined,
  instance: string,
): Problem {
  const body: Problem = {
    type: type === 'about:blank' ? type : `${PROBLEM_BASE}${type}`,
    title: TITLES[status] ?? 'Error',
    status,
    instance,
  };
  if (detail) body.detail = detail;
  return body;
}
