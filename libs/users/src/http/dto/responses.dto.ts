import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@surge/contracts';

/** OpenAPI shapes of the responses (the controllers return plain objects of these shapes). */
export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SessionResponse {
  @ApiProperty({ description: 'JWT (HS256), valid for expiresIn seconds' }) accessToken!: string;
  @ApiProperty({ description: 'Opaque; single use: each refresh returns a new one' }) refreshToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 900 }) expiresIn!: number;
}

export class RegistrationResponse extends SessionResponse {
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
}

class PageInfo {
  @ApiProperty() limit!: number;
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
  @ApiProperty({ type: PageInfo }) page!: PageInfo;
}
