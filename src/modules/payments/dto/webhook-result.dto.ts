import { ApiProperty } from '@nestjs/swagger';
import type { SettlementOutcome } from '../payment-settlement.service';

const OUTCOMES: SettlementOutcome[] = [
  'paid',
  'paid_unapplied',
  'failed',
  'expired',
  'unchanged',
  'duplicate',
  'ignored',
];

export class WebhookResultDto {
  @ApiProperty({
    enum: OUTCOMES,
    enumName: 'WebhookOutcome',
    description: 'What the event did (duplicate: already recorded, no effect)',
  })
  outcome!: SettlementOutcome;
}
