import { SingleFileUpload } from '../../common/http/single-file-upload.decorator';

/**
 * Multer's own ceiling, above the largest IMAGE_MAX_BYTES the config accepts (20 MB): it only
 * stops abuse early; MediaService enforces the configured limit with a precise 413.
 */
export const UPLOAD_HARD_CAP_BYTES = 21 * 1024 * 1024;

/**
 * Accepts one multipart image in `field` (kept in memory for MediaService.store) plus a few
 * text fields, which the route's body DTO validates as usual.
 */
export function ImageUpload(field = 'image') {
  return SingleFileUpload(field, {
    fileSize: UPLOAD_HARD_CAP_BYTES,
    fields: 30,
    fieldSize: 64 * 1024,
  });
}
