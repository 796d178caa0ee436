import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';

export const normalizeEmail = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/**
 * The one rule for an account's e-mail address: trimmed and lower-cased (accounts are
 * case-insensitive), then validated. Registration and the configured admin account share it,
 * so an address one accepts the other accepts too.
 */
export function AccountEmail() {
  return applyDecorators(Transform(normalizeEmail), IsString(), MaxLength(254), IsEmail());
}
