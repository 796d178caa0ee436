import { Injectable, Logger, type Provider } from '@nestjs/common';
import type { Types } from 'mongoose';
import { FieldCipher, FieldIntegrityError } from '../../common/crypto/field-cipher';
import { AppConfig } from '../../config/app-config';
import { MedicalRecordsErrorCode, recordsError } from './medical-records.errors';

/** Which collection a sealed value belongs to (part of its additional authenticated data). */
export type SealedKind = 'encounter' | 'prescription' | 'health_profile' | 'document';

/** The cipher of the medical records, from RECORDS_ENCRYPTION_KEY(S); warns on the development key. */
export const RECORDS_CIPHER_PROVIDER: Provider = {
  provide: FieldCipher,
  inject: [AppConfig],
  useFactory: (config: AppConfig): FieldCipher => {
    const ring = config.recordsEncryption;
    if (ring.development) {
      new Logger('MedicalRecords').warn(
        'RECORDS_ENCRYPTION_KEY is not set: medical records are sealed with the public DEVELOPMENT key (not protected; never use this outside development and tests)',
      );
    }
    return new FieldCipher(ring.keys, ring.activeKeyId);
  },
};

/**
 * Seals and opens the clinical values of the records. The additional authenticated data is
 * `<kind>/<record id>/<field>`, so a value copied to another record or field fails to open. A
 * value that fails is reported as RECORD_INTEGRITY_ERROR and logged with its place (kind, id,
 * field, reason), never its content.
 */
@Injectable()
export class RecordSealer {
  private readonly logger = new Logger(RecordSealer.name);

  constructor(private readonly cipher: FieldCipher) {}

  seal(kind: SealedKind, id: Types.ObjectId | string, field: string, value: unknown): string {
    return this.cipher.sealJson(value, aad(kind, id, field));
  }

  open<T>(kind: SealedKind, id: Types.ObjectId | string, field: string, sealed: string): T {
    try {
      return this.cipher.openJson<T>(sealed, aad(kind, id, field));
    } catch (err) {
      throw this.integrityFailure(err, kind, id, field);
    }
  }

  sealBytes(kind: SealedKind, id: Types.ObjectId | string, field: string, bytes: Buffer): Buffer {
    return this.cipher.sealBytes(bytes, aad(kind, id, field));
  }

  openBytes(kind: SealedKind, id: Types.ObjectId | string, field: string, sealed: Buffer): Buffer {
    try {
      return this.cipher.openBytes(sealed, aad(kind, id, field));
    } catch (err) {
      throw this.integrityFailure(err, kind, id, field);
    }
  }

  private integrityFailure(
    err: unknown,
    kind: SealedKind,
    id: Types.ObjectId | string,
    field: string,
  ): Error {
    if (!(err instanceof FieldIntegrityError)) {
      return err instanceof Error ? err : new Error(String(err));
    }
    this.logger.error(
      `Integrity check failed on ${kind} ${String(id)} field ${field} (${err.reason})`,
    );
    return recordsError(
      MedicalRecordsErrorCode.RecordIntegrity,
      'This record failed its integrity check and cannot be shown; the incident was logged',
    );
  }
}

const aad = (kind: SealedKind, id: Types.ObjectId | string, field: string): string =>
  `${kind}/${String(id)}/${field}`;
