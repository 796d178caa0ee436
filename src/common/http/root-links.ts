import type { SuccessEnvelope } from '../dto/envelope.dto';

export interface RootLinks {
  docs: string;
  openapi: string;
  api: string;
  health: string;
}

/** What `GET /` answers: where the documentation and the API are. */
export function rootLinks(apiPrefix: string): SuccessEnvelope<RootLinks> {
  return {
    success: true,
    message: 'DocBook API',
    data: {
      docs: '/docs',
      openapi: '/docs-json',
      api: `/${apiPrefix}`,
      health: `/${apiPrefix}/health`,
    },
  };
}
