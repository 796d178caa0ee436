import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../common/decorators/public.decorator';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';

export class HealthDto {
  @ApiProperty({ example: 'ok', enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ example: { mongodb: { status: 'up' } }, required: false })
  checks?: Record<string, { status: string }>;
}

@ApiTags('health')
@SkipThrottle()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiEnvelope(HealthDto)
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: MongoDB answers a ping' })
  @ApiEnvelope(HealthDto)
  @ApiErrors(503)
  async ready(): Promise<HealthDto> {
    const result = await this.health.check([
      () => this.mongo.pingCheck('mongodb', { timeout: 1500 }),
    ]);
    return { status: 'ok', checks: result.details as Record<string, { status: string }> };
  }
}
