import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { NoRateLimit } from '../../common/decorators/no-rate-limit.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { ApiTag } from '../../common/swagger/api-tags';

export class HealthDto {
  @ApiProperty({ example: 'ok', enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiPropertyOptional({
    type: 'object',
    description: 'Per dependency (readiness only)',
    additionalProperties: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', example: 'up' } },
    },
    example: { mongodb: { status: 'up' } },
  })
  checks?: Record<string, { status: string }>;
}

@ApiTags(ApiTag.Health)
@NoRateLimit()
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
