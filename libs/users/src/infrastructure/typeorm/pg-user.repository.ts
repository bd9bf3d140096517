import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { User } from '../../domain/user.js';
import { EmailTakenError } from '../../domain/users.errors.js';
import { UserRepository, type NewUser, type UserChanges, type UserListQuery } from '../../ports/user.repository.js';
import { UserEntity } from './user.entity.js';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: User['role'];
  password_hash: string;
  created_at: Date;
  updated_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Users in the `users` database (PostgreSQL or embedded PGlite). */
@Injectable()
export class PgUserRepository extends UserRepository {
  constructor(@InjectRepository(UserEntity, 'users') private readonly repo: Repository<UserEntity>) {
    super();
  }

  async create(user: NewUser): Promise<User> {
    // ON CONFLICT instead of catching a unique violation: also right when two registrations race.
    const rows: UserRow[] = await this.repo.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING *`,
      [user.email, user.name, user.role, user.passwordHash],
    );
    if (rows.length === 0) throw new EmailTakenError();
    return toUser(rows[0]!);
  }

  async findById(id: string): Promise<User | null> {
    if (!UUID.test(id)) return null;
    const rows: UserRow[] = await this.repo.query(`SELECT * FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const rows: UserRow[] = await this.repo.query(`SELECT * FROM users WHERE email = $1`, [email]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async update(id: string, changes: UserChanges): Promise<User | null> {
    if (!UUID.test(id)) return null;
    // Wrapped in a CTE so the driver returns rows for it like for a SELECT.
    const rows: UserRow[] = await this.repo.query(
      `WITH updated AS (
         UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role),
           password_hash = COALESCE($4, password_hash), updated_at = now()
         WHERE id = $1 RETURNING *
       ) SELECT * FROM updated`,
      [id, changes.name ?? null, changes.role ?? null, changes.passwordHash ?? null],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async list(query: UserListQuery): Promise<User[]> {
    const rows: UserRow[] = await this.repo.query(
      `SELECT * FROM users
       WHERE ($1::text IS NULL OR email > $1::text)
         AND ($2::text IS NULL OR email ILIKE $2::text OR name ILIKE $2::text)
       ORDER BY email LIMIT $3`,
      [query.afterEmail ?? null, query.q === undefined ? null : likePattern(query.q), query.limit],
    );
    return rows.map(toUser);
  }

  async ensureAdmin(user: Omit<NewUser, 'role'>): Promise<'created' | 'promoted' | 'unchanged'> {
    // One statement: a replica starting at the same moment waits on the unique index, then does nothing.
    const rows: { created: number; promoted: number }[] = await this.repo.query(
      `WITH inserted AS (
         INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'admin', $3)
         ON CONFLICT (email) DO NOTHING RETURNING id
       ), promoted AS (
         UPDATE users SET role = 'admin', updated_at = now()
         WHERE email = $1 AND role <> 'admin' AND NOT EXISTS (SELECT 1 FROM inserted) RETURNING id
       ) SELECT (SELECT count(*) FROM inserted)::int AS created, (SELECT count(*) FROM promoted)::int AS promoted`,
      [user.email, user.name, user.passwordHash],
    );
    const [result] = rows;
    return result!.created > 0 ? 'created' : result!.promoted > 0 ? 'promoted' : 'unchanged';
  }
}
