import { Injectable } from '@nestjs/common';
import type { UserDto } from '@surge/contracts';
import { toUserDto } from '../../domain/user.js';
import { InvalidCursorError } from '../../domain/users.errors.js';
import { UserRepository } from '../../ports/user.repository.js';

export interface ListUsersInput {
  limit?: number;
  cursor?: string;
  q?: string;
}

export interface UserPage {
  items: UserDto[];
  page: { limit: number; nextCursor: string | null };
}

export const DEFAULT_PAGE_LIMIT = 20;

/** The cursor is the last email of the previous page, opaque to clients. */
const encodeCursor = (email: string): string => Buffer.from(`e:${email}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('e:') || text.length < 3) throw new InvalidCursorError();
  return text.slice(2);
}

/** Admin listing of users in email order with cursor paging and an optional search. */
@Injectable()
export class ListUsersUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(input: ListUsersInput): Promise<UserPage> {
    const limit = input.limit ?? DEFAULT_PAGE_LIMIT;
    const afterEmail = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    const q = input.q?.trim() || undefined;
    const rows = await this.users.list({ limit: limit + 1, afterEmail, q });
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1]!.email) : null;
    return { items: items.map(toUserDto), page: { limit, nextCursor } };
  }
}
