import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';
import { getCountries } from 'libphonenumber-js';
import { AccountEmail } from '../common/validators/email.validator';
import { IsIanaTimeZone } from '../common/validators/timezone.validator';
import { parseMongoUri } from './mongodb-uri';
import { recordsEncryptionFrom, type RecordsEncryption } from './records-encryption';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim())
    ? Number(value.trim())
    : value;
const toDecimal = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  if (['true', '1', 'yes'].includes(value.toLowerCase())) {
    return true;
  }
  if (['false', '0', 'no'].includes(value.toLowerCase())) {
    return false;
  }
  return value;
};
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

export type NodeEnv = 'development' | 'production' | 'test';
export type PaymentMode = 'clinic' | 'online';
export const PAYMENT_PROVIDER_NAMES = ['stripe', 'razorpay', 'clinic'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDER_NAMES)[number];

/** The variables each online provider needs when it is enabled in PAYMENT_PROVIDERS. */
const PROVIDER_KEYS: Record<Exclude<PaymentProviderName, 'clinic'>, string[]> = {
  stripe: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
  razorpay: ['RAZORPAY_KEY_ID', 'RAZORPAY_KEY_SECRET', 'RAZORPAY_WEBHOOK_SECRET'],
};

/**
 * The whole runtime configuration, read once from the environment and validated at boot.
 * This is the only place that knows environment variable names; everything else injects AppConfig.
 * Every property is documented in README.md and .env.example.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: NodeEnv = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MONGODB_URI?: string;

  /**
   * How long an operation waits for a reachable MongoDB before it fails (and the request gets
   * 503). Short, so an outage answers fast instead of holding every request.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  MONGODB_SERVER_SELECTION_TIMEOUT_MS = 2000;

  /** Interval of the driver's server checks: how soon a lost or restored server is noticed. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(60_000)
  MONGODB_HEARTBEAT_FREQUENCY_MS = 2000;

  /** Time allowed to open a connection (and for a server check to answer). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  MONGODB_CONNECT_TIMEOUT_MS = 5000;

  /**
   * A connection silent for this long is closed and its operation fails, bounding requests
   * in flight when the network to MongoDB goes quiet. 0 disables it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  MONGODB_SOCKET_TIMEOUT_MS = 30_000;

  /**
   * How long start-up waits for MongoDB before it gives up with one line naming MONGODB_URI
   * (requests later have their own, shorter, server-selection timeout).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  MONGODB_STARTUP_TIMEOUT_MS = 30_000;

  /** Unset: `http://localhost:<PORT>`, so a changed PORT does not leave image URLs pointing elsewhere. */
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL!: string;

  /** Browser origins allowed by CORS (with credentials), or `*` alone: any origin, no credentials. */
  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [
    'http://localhost:3000',
    'http://localhost:5173',
    'http://127.0.0.1:5173',
  ];

  @IsString()
  BODY_LIMIT = '100kb';

  /**
   * Requests inside the app at once (0 = no limit); the rest wait in arrival order, which keeps
   * a turn of the event loop short under load (common/http/admission.ts).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  HTTP_MAX_IN_FLIGHT = 4;

  /** Requests that may wait for a place; beyond it they get 503 with Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  HTTP_QUEUE_LIMIT = 1000;

  /** Longest a request waits for a place before it gets 503 with Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600_000)
  HTTP_QUEUE_TIMEOUT_MS = 10_000;

  /** Express `trust proxy`: hops of reverse proxies whose X-Forwarded-For is believed. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_ACCESS_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_ROUNDS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_TTL_MS = 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_AUTH_TTL_MS = 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_AUTH_LIMIT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_FAILURES_PER_IP = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOGIN_FAILURE_WINDOW_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES = 30;

  /**
   * Lifetime of the set-password link in the welcome e-mail of a doctor account an admin
   * created (a password-reset token with a longer life: the doctor may read it days later).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  WELCOME_LINK_TTL_HOURS = 72;

  /** Web page that completes a password reset; the e-mailed link is `<this>?token=...`. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PASSWORD_RESET_URL = 'http://localhost:5173/reset-password';

  /**
   * The per-account login lock does not apply from an IP where the account logged in within
   * this many days (or has a live session), so an attacker cannot lock a real user out.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  LOGIN_TRUSTED_IP_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  ACCOUNT_RECOVERY_DAYS = 30;

  @Transform(emptyToUndefined)
  @ValidateIf((_, value) => value !== undefined)
  @AccountEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(72)
  ADMIN_PASSWORD?: string;

  @IsString()
  @MinLength(1)
  ADMIN_NAME = 'Administrator';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  @IsString()
  SMTP_FROM = 'DocBook <no-reply@docbook.local>';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CLOUDINARY_CLOUD_NAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CLOUDINARY_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CLOUDINARY_API_SECRET?: string;

  /** Base URL of the Cloudinary API; only changed to point the SDK at a stand-in server. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  CLOUDINARY_UPLOAD_PREFIX?: string;

  @IsString()
  UPLOAD_DIR = './uploads';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(20 * 1024 * 1024)
  IMAGE_MAX_BYTES = 5 * 1024 * 1024;

  @Transform(toBool)
  @IsBoolean()
  JOBS_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  JOB_LEASE_SECONDS = 120;

  /** How often the outbox relay looks for due deliveries of domain events. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  OUTBOX_POLL_MS = 2000;

  /** Failed attempts after which an outbox delivery is dead (left for an admin to retry). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  OUTBOX_MAX_ATTEMPTS = 8;

  /** How long a claimed delivery is reserved for its handler before another drain may take it. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  OUTBOX_CLAIM_SECONDS = 60;

  @IsIn(['clinic', 'online'])
  PAYMENT_MODE: PaymentMode = 'clinic';

  /** Minutes an unpaid booking (online payment mode) holds its slot before it is released. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  HOLD_MINUTES = 15;

  /**
   * Slots answers kept in memory per instance (0 turns the cache off). Each is reused only for
   * the taken time and schedule version read on every request, so bookings made through any
   * instance show at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  SLOTS_CACHE_ENTRIES = 200;

  /**
   * Schedules (with the overrides around one date) kept in memory per instance for booking's
   * slot check (0 turns it off). Each is used only while the doctor's schedule version, read
   * with the doctor's profile, is the one it was read under, and within SLOTS_CACHE_MAX_AGE_MS.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  SCHEDULE_CACHE_ENTRIES = 1000;

  /** Longest a cached slots answer (or schedule) is used, even when no change was announced. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  SLOTS_CACHE_MAX_AGE_MS = 60_000;

  /** Payment providers offered to patients: any of stripe, razorpay, clinic. */
  @Transform(toList)
  @ArrayNotEmpty()
  @IsIn(PAYMENT_PROVIDER_NAMES, { each: true })
  PAYMENT_PROVIDERS: PaymentProviderName[] = ['clinic'];

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  /** Only to point the Stripe SDK at a stand-in server; unset: Stripe's API host. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  STRIPE_API_BASE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RAZORPAY_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RAZORPAY_KEY_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RAZORPAY_WEBHOOK_SECRET?: string;

  /** Only to point the Razorpay SDK at a stand-in server; unset: Razorpay's API host. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  RAZORPAY_API_BASE?: string;

  /** How long a call to a payment provider may take before it counts as failed (and retried). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  PAYMENT_PROVIDER_TIMEOUT_MS = 15_000;

  /** Where Stripe Checkout sends the browser after paying. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PAYMENT_SUCCESS_URL = 'http://localhost:5173/payments/success';

  /** Where Stripe Checkout sends the browser when the patient gives up. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PAYMENT_CANCEL_URL = 'http://localhost:5173/payments/cancelled';

  /** Unpaid holds one patient may have at a time. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAX_UNPAID_HOLDS = 3;

  /** A patient cancelling at least this many hours before the start gets a full refund. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(720)
  CANCELLATION_FULL_REFUND_HOURS = 24;

  /** Refund percentage for a patient cancelling later than that but before the start. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  CANCELLATION_LATE_REFUND_PERCENT = 50;

  /** A confirmed appointment is marked completed this many minutes after it ended. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_080)
  CLOSE_OUT_GRACE_MINUTES = 60;

  /** Reports (by distinct users) after which a review is hidden pending moderation. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  REVIEW_REPORTS_TO_HIDE = 3;

  /**
   * Weight of the prior in the doctors' fair rating score (the `rating` sort): this many
   * pseudo-ratings of RATING_PRIOR_MEAN stars are added to every doctor's own ratings.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  RATING_PRIOR_WEIGHT = 5;

  /** Stars of each prior pseudo-rating (see RATING_PRIOR_WEIGHT); the scale's midpoint by default. */
  @Transform(toDecimal)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(5)
  RATING_PRIOR_MEAN = 3;

  /** The reminder for a confirmed appointment is due this many hours before it starts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(168)
  REMINDER_LEAD_HOURS = 24;

  /** Serve the Prescripto frontends' routes (/api/user, /api/doctor, /api/admin); false: 404. */
  @Transform(toBool)
  @IsBoolean()
  PRESCRIPTO_COMPAT = true;

  /** Currency of doctors added through Prescripto's add-doctor (its fees are major units). */
  @IsIn(Intl.supportedValuesOf('currency'), {
    message: 'PRESCRIPTO_CURRENCY must be an ISO 4217 code in upper case, e.g. INR',
  })
  PRESCRIPTO_CURRENCY = 'INR';

  /** Time zone of doctors added through add-doctor, and of Prescripto's slotDate/slotTime. */
  @IsIanaTimeZone()
  PRESCRIPTO_TIMEZONE = 'Asia/Kolkata';

  /** Region of local phone numbers sent to Prescripto's update-profile (ISO 3166 alpha-2). */
  @IsIn(getCountries(), { message: 'PRESCRIPTO_PHONE_REGION must be a region code such as IN' })
  PRESCRIPTO_PHONE_REGION = 'IN';
  /** In-app notifications are deleted this many days after they were created. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  NOTIFICATION_TTL_DAYS = 90;

  /** How often the e-mail job sends due notification e-mails (and retries failed ones). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  NOTIFICATION_EMAIL_POLL_MS = 2000;

  /** How often each instance looks for new notifications of the streams connected to it. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  NOTIFICATIONS_STREAM_POLL_MS = 1000;

  /** A comment line on idle notification streams this often, so proxies keep them open. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(300_000)
  NOTIFICATIONS_STREAM_HEARTBEAT_MS = 15_000;

  /** Minutes an admin's break-glass access to one patient's record lasts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  BREAK_GLASS_MINUTES = 60;
  /**
   * The active key sealing medical records (AES-256-GCM): 32 bytes as 64 hex digits or base64.
   * Required in production; unset elsewhere, a fixed public development key is used (with a
   * warning at start-up).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RECORDS_ENCRYPTION_KEY?: string;

  /** The id stored with every value RECORDS_ENCRYPTION_KEY seals (change it with the key). */
  @IsString()
  RECORDS_ENCRYPTION_KEY_ID = 'k1';

  /**
   * Earlier keys, `id:key,id:key`, kept only to read values they sealed after a rotation
   * (new values always use RECORDS_ENCRYPTION_KEY).
   */
  @Transform(toList)
  @IsString({ each: true })
  RECORDS_ENCRYPTION_KEYS: string[] = [];

  /**
   * Years medical records are kept, de-identified, after their patient's account is purged
   * (recorded on each record as `retainUntil`).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  RECORDS_RETENTION_YEARS = 10;

  /** Largest document (PDF, JPEG, PNG) a patient may upload to their record. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  RECORDS_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** The key ring of the medical records (validated by loadConfig). */
  get recordsEncryption(): RecordsEncryption {
    const ring = recordsEncryptionFrom({
      key: this.RECORDS_ENCRYPTION_KEY,
      keyId: this.RECORDS_ENCRYPTION_KEY_ID,
      previous: this.RECORDS_ENCRYPTION_KEYS,
    });
    if ('problems' in ring) {
      throw new ConfigValidationError(ring.problems);
    }
    return ring;
  }

  get cloudinaryConfigured(): boolean {
    return Boolean(
      this.CLOUDINARY_CLOUD_NAME && this.CLOUDINARY_API_KEY && this.CLOUDINARY_API_SECRET,
    );
  }

  paymentProviderEnabled(name: PaymentProviderName): boolean {
    return this.PAYMENT_PROVIDERS.includes(name);
  }

  get smtpConfigured(): boolean {
    return Boolean(this.SMTP_HOST);
  }
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Validates raw environment variables; throws one error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined) {
      raw[key] = value;
    }
  }
  // Optional keys have no default, so they are not own properties of a fresh instance.
  for (const key of OPTIONAL_KEYS) {
    const value = env[key];
    if (value !== undefined) {
      raw[key] = value;
    }
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  if (config.PUBLIC_BASE_URL === undefined && Number.isInteger(config.PORT)) {
    config.PUBLIC_BASE_URL = `http://localhost:${config.PORT}`;
  }
  const errors = validateSync(config, { forbidUnknownValues: false });
  const problems = errors.map(
    (e) =>
      `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(
        isSecret(e.property) ? '<redacted>' : e.value,
      )})`,
  );
  if (config.MONGODB_URI !== undefined) {
    const parsed = parseMongoUri(config.MONGODB_URI);
    if (typeof parsed === 'string') {
      problems.push(`MONGODB_URI: ${parsed} (got <redacted>)`);
    }
  }
  problems.push(...corsProblems(config.CORS_ORIGINS));
  if (
    typeof config.RECORDS_ENCRYPTION_KEY_ID === 'string' &&
    Array.isArray(config.RECORDS_ENCRYPTION_KEYS)
  ) {
    const ring = recordsEncryptionFrom({
      key: config.RECORDS_ENCRYPTION_KEY,
      keyId: config.RECORDS_ENCRYPTION_KEY_ID,
      previous: config.RECORDS_ENCRYPTION_KEYS,
    });
    if ('problems' in ring) {
      problems.push(...ring.problems);
    }
  }
  if (config.isProduction) {
    if (!config.MONGODB_URI) {
      problems.push('MONGODB_URI: is required when NODE_ENV=production');
    }
    if (!config.JWT_ACCESS_SECRET) {
      problems.push('JWT_ACCESS_SECRET: is required when NODE_ENV=production');
    }
    if (!config.RECORDS_ENCRYPTION_KEY) {
      problems.push('RECORDS_ENCRYPTION_KEY: is required when NODE_ENV=production');
    }
  }
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL/ADMIN_PASSWORD: set both or neither');
  }
  for (const [provider, keys] of Object.entries(PROVIDER_KEYS)) {
    const enabled = Array.isArray(config.PAYMENT_PROVIDERS) ? config.PAYMENT_PROVIDERS : [];
    if (!enabled.includes(provider as PaymentProviderName)) {
      continue;
    }
    for (const key of keys) {
      if (!config[key as keyof AppConfig]) {
        problems.push(`${key}: is required when PAYMENT_PROVIDERS includes ${provider}`);
      }
    }
  }
  if (problems.length) {
    throw new ConfigValidationError(problems);
  }
  return config;
}

/** An entry that is not an exact origin would silently allow nothing, so it is an error. */
function corsProblems(origins: unknown): string[] {
  if (!Array.isArray(origins)) {
    return [];
  }
  if (origins.includes('*')) {
    return origins.length === 1 ? [] : ['CORS_ORIGINS: "*" allows every origin, list it alone'];
  }
  const bad = origins.filter((origin: unknown) => {
    if (typeof origin !== 'string') {
      return false;
    }
    try {
      const url = new URL(origin);
      return url.origin !== origin || !['http:', 'https:'].includes(url.protocol);
    } catch {
      return true;
    }
  });
  return bad.length
    ? [
        `CORS_ORIGINS: each entry must be an origin such as https://app.example.com or http://localhost:5173, without a path or trailing slash (got ${JSON.stringify(bad)})`,
      ]
    : [];
}

const OPTIONAL_KEYS = [
  'MONGODB_URI',
  'PUBLIC_BASE_URL',
  'JWT_ACCESS_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'SMTP_HOST',
  'SMTP_USER',
  'SMTP_PASS',
  'CLOUDINARY_CLOUD_NAME',
  'CLOUDINARY_API_KEY',
  'CLOUDINARY_API_SECRET',
  'CLOUDINARY_UPLOAD_PREFIX',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_BASE',
  'RAZORPAY_KEY_ID',
  'RAZORPAY_KEY_SECRET',
  'RAZORPAY_WEBHOOK_SECRET',
  'RAZORPAY_API_BASE',
  'RECORDS_ENCRYPTION_KEY',
] as const;

function isSecret(name: string): boolean {
  return /SECRET|PASSWORD|PASS$|URI|ENCRYPTION_KEY/.test(name);
}
