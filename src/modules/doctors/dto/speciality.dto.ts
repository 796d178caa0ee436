import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { SLUG_PATTERN } from '../domain/slug';
import { trim } from './transforms';

export class CreateSpecialityDto {
  @ApiProperty({ example: 'Endocrinologist', minLength: 2, maxLength: 60 })
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  name!: string;

  @ApiPropertyOptional({
    example: 'endocrinologist',
    description: 'Lower-case words joined by hyphens; derived from the name when omitted',
  })
  @IsOptional()
  @IsString()
  @Length(2, 60)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  slug?: string;
}

export class SpecialityDto {
  @ApiProperty({ example: 'cardiologist' })
  slug!: string;

  @ApiProperty({ example: 'Cardiologist' })
  name!: string;

  @ApiProperty({ type: 'integer', example: 7, description: 'Publicly listed doctors' })
  doctorCount!: number;
}
