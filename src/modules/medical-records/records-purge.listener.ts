import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents, type UserPurgedEvent } from '../users/users.events';
import type { DocumentMeta } from './domain/record-content';
import { MedicalRecordsRepository } from './medical-records.repository';
import { RecordSealer } from './record-sealer';

/**
 * Medical records outlive the account: when a patient's account is purged, nothing clinical is
 * deleted. The records hold no name or e-mail (only ids; the account itself is anonymised by
 * the users module), so de-identifying them means: mark each record `deidentifiedAt` with
 * `retainUntil` = purge + RECORDS_RETENTION_YEARS, and drop the original file names of the
 * patient's documents (a file name often carries the patient's name). Idempotent.
 */
@Injectable()
export class RecordsPurgeListener implements OnModuleInit {
  private readonly logger = new Logger(RecordsPurgeListener.name);

  constructor(
    private readonly records: MedicalRecordsRepository,
    private readonly sealer: RecordSealer,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(UserEvents.Purged, 'medical-records.deidentify', (e) => this.onPurged(e));
  }

  async onPurged(event: UserPurgedEvent, now: Date = new Date()): Promise<void> {
    for (const doc of await this.records.documentsOf(event.userId)) {
      const meta = this.sealer.open<DocumentMeta>('document', doc._id, 'meta', doc.meta);
      if (meta.fileName !== null) {
        await this.records.setDocumentMeta(
          doc._id,
          this.sealer.seal('document', doc._id, 'meta', { ...meta, fileName: null }),
        );
      }
    }
    const retainUntil = new Date(now);
    retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + this.config.RECORDS_RETENTION_YEARS);
    const marked = await this.records.markDeidentified(event.userId, now, retainUntil);
    if (marked > 0) {
      this.logger.log(`De-identified ${marked} medical record(s) of a purged account`);
    }
  }
}
