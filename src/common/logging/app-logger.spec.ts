import type { PinoLogger } from 'nestjs-pino';
import { AppLogger } from './app-logger';

describe('AppLogger', () => {
  const pino = { info: jest.fn(), debug: jest.fn() };
  const logger = new AppLogger(pino as unknown as PinoLogger, {});

  beforeEach(() => jest.clearAllMocks());

  it.each(['InstanceLoader', 'RoutesResolver', 'RouterExplorer'])(
    'logs %s start-up lines at debug',
    (context) => {
      logger.log('Mapped {/api/v1/health, GET} route', context);
      expect(pino.debug).toHaveBeenCalledWith({ context }, 'Mapped {/api/v1/health, GET} route');
      expect(pino.info).not.toHaveBeenCalled();
    },
  );

  it('keeps other lines at info', () => {
    logger.log('Nest application successfully started', 'NestApplication');
    expect(pino.info).toHaveBeenCalledWith(
      { context: 'NestApplication' },
      'Nest application successfully started',
    );
    expect(pino.debug).not.toHaveBeenCalled();
  });
});
