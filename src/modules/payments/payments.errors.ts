import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const PaymentsErrorCode = {
  PaymentNotFound: 'PAYMENT_NOT_FOUND',
  ProviderNotEnabled: 'PAYMENT_PROVIDER_NOT_ENABLED',
  NotAwaitingPayment: 'APPOINTMENT_NOT_AWAITING_PAYMENT',
  ClinicPaymentNotPermitted: 'CLINIC_PAYMENT_NOT_PERMITTED',
  ClinicPaymentNotAllowed: 'CLINIC_PAYMENT_NOT_ALLOWED',
  ClinicPaymentRecorded: 'CLINIC_PAYMENT_ALREADY_RECORDED',
  SignatureInvalid: 'PAYMENT_SIGNATURE_INVALID',
  WebhookSignatureInvalid: 'WEBHOOK_SIGNATURE_INVALID',
  WebhookPayloadInvalid: 'WEBHOOK_PAYLOAD_INVALID',
  ProviderUnavailable: 'PAYMENT_PROVIDER_UNAVAILABLE',
  RefundNotFound: 'REFUND_NOT_FOUND',
  RefundNotRetryable: 'REFUND_NOT_RETRYABLE',
  InvoiceNotFound: 'INVOICE_NOT_FOUND',
  InvalidDateRange: 'INVALID_DATE_RANGE',
  AttemptInProgress: 'PAYMENT_ATTEMPT_IN_PROGRESS',
} as const;
export type PaymentsErrorCode = CodeOf<typeof PaymentsErrorCode>;

export const PAYMENTS_ERROR_KINDS: ErrorKinds<PaymentsErrorCode> = {
  [PaymentsErrorCode.PaymentNotFound]: ErrorKind.NotFound,
  [PaymentsErrorCode.ProviderNotEnabled]: ErrorKind.BusinessRule,
  [PaymentsErrorCode.NotAwaitingPayment]: ErrorKind.Conflict,
  [PaymentsErrorCode.ClinicPaymentNotPermitted]: ErrorKind.Forbidden,
  [PaymentsErrorCode.ClinicPaymentNotAllowed]: ErrorKind.Conflict,
  [PaymentsErrorCode.ClinicPaymentRecorded]: ErrorKind.Conflict,
  [PaymentsErrorCode.SignatureInvalid]: ErrorKind.Validation,
  [PaymentsErrorCode.WebhookSignatureInvalid]: ErrorKind.Validation,
  [PaymentsErrorCode.WebhookPayloadInvalid]: ErrorKind.Validation,
  [PaymentsErrorCode.ProviderUnavailable]: ErrorKind.Unavailable,
  [PaymentsErrorCode.RefundNotFound]: ErrorKind.NotFound,
  [PaymentsErrorCode.RefundNotRetryable]: ErrorKind.BusinessRule,
  [PaymentsErrorCode.InvoiceNotFound]: ErrorKind.NotFound,
  [PaymentsErrorCode.InvalidDateRange]: ErrorKind.Validation,
  [PaymentsErrorCode.AttemptInProgress]: ErrorKind.Conflict,
};

export const paymentsError = errorFactory(PAYMENTS_ERROR_KINDS);
