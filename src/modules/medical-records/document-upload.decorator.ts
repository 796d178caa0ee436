import { SingleFileUpload } from '../../common/http/single-file-upload.decorator';

/**
 * Multer's own ceiling, above the largest RECORDS_DOCUMENT_MAX_BYTES the config accepts (10 MB):
 * it only stops abuse early; the service enforces the configured limit with a precise 413.
 */
const DOCUMENT_HARD_CAP_BYTES = 11 * 1024 * 1024;

/** One multipart file in `file` (kept in memory, sealed before it is stored) and a title. */
export function DocumentUpload(field = 'file') {
  return SingleFileUpload(field, {
    fileSize: DOCUMENT_HARD_CAP_BYTES,
    fields: 5,
    fieldSize: 4 * 1024,
  });
}
