import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@surge/contracts';
import { CursorPageQueryDto } from '@surge/platform/http';
import { PASSWORD_MAX_LENGTH } from '../../domain/password-policy.js';

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Ada King', minLength: 1, maxLength: 100 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'New password; needs currentPassword' })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ description: 'Required when password is given' })
  @ValidateIf((o: UpdateMeDto) => o.password !== undefined || o.currentPassword !== undefined)
  @IsString({ message: 'currentPassword is required to change the password' })
  @IsNotEmpty({ message: 'currentPassword is required to change the password' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword?: string;
}

export class ListUsersQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive search in email and name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UserIdParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as Role[])
  role!: Role;
}
