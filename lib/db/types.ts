import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Better Auth's tables keep its camelCase column names. */
export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** An authenticator app is enrolled and confirmed (Better Auth's twoFactor plugin). */
  twoFactorEnabled: Generated<boolean | null>;
}

export interface SessionTable {
  id: string;
  userId: string;
  token: string;
  expiresAt: Timestamp;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** The last time this device proved the password (sign-in or step-up). */
  verifiedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The factor of that last step-up: `password`, `code` or `passkey` (null: only its sign-in). */
  verifiedWith: Generated<string | null>;
}

export interface AccountTable {
  id: string;
  userId: string;
  accountId: string;
  providerId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: Timestamp | null;
  refreshTokenExpiresAt: Timestamp | null;
  scope: string | null;
  password: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface VerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface TodoTable {
  id: Generated<string>;
  /** Creation order within the same millisecond; never exposed. */
  seq: ColumnType<string, never, never>;
  user_id: string;
  title: string;
  completed: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** When each field was last written (last-writer-wins per field, migration 0011). */
  title_updated_at: Generated<Date>;
  completed_updated_at: Generated<Date>;
}

/** Emails kept in the database while no email provider is configured. */
export interface OutboxTable {
  id: Generated<string>;
  to: string;
  subject: string;
  text: string;
  html: string;
  created_at: Generated<Date>;
}

/** Better Auth jwt plugin's signing keys (private keys encrypted with the secret). */
export interface JwksTable {
  id: string;
  publicKey: string;
  privateKey: string;
  createdAt: Timestamp;
  expiresAt: Timestamp | null;
  alg: string | null;
  crv: string | null;
}

export interface AuthEventTable {
  id: Generated<string>;
  user_id: string;
  type: string;
  detail: string | null;
  session_id: string | null;
  ip: string | null;
  device: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface RetiredSessionTokenTable {
  token_hash: string;
  session_id: string;
  retired_at: Generated<Date>;
  /** Hash of the token that replaced this one. */
  successor_hash: string | null;
  /** The successor was handed out again: to a racing request within the grace, or by a recovery. */
  successor_handed_out: "grace" | "recovery" | null;
  /** This token was delivered normally, so a lost rotation response of it may be recovered. */
  recoverable: Generated<boolean>;
}

export interface UserDeviceTable {
  user_id: string;
  /** "Browser on OS", as parsed from the user agent. */
  device: string;
  first_seen_at: Generated<Date>;
}

export interface SignInAddressTable {
  user_id: string;
  address: string;
  last_sign_in_at: Generated<Date>;
}

/** Better Auth's twoFactor plugin: the TOTP secret and backup codes, both encrypted. */
export interface TwoFactorTable {
  id: string;
  secret: string;
  backupCodes: string;
  userId: string;
  verified: Generated<boolean | null>;
  failedVerificationCount: Generated<number | null>;
  lockedUntil: Timestamp | null;
}

/** A WebAuthn credential (Better Auth's passkey plugin), plus when it last signed in. */
export interface PasskeyTable {
  id: string;
  name: string | null;
  publicKey: string;
  userId: string;
  credentialID: string;
  counter: number;
  deviceType: string;
  backedUp: boolean;
  transports: string | null;
  createdAt: Generated<Date | null>;
  aaguid: string | null;
  lastUsedAt: Timestamp | null;
}

/** Bumped by a trigger on every statement that writes a user's todos (migration 0011). */
export interface TodoChangeVersionTable {
  user_id: string;
  version: ColumnType<string, never, never>;
}

/** An authenticator code accepted lately: refused if sent again while still valid (migration 0013). */
export interface UsedTotpCodeTable {
  user_id: string;
  code: string;
  used_at: Timestamp;
}

/** The one email-change link an account has out, as a hash; deleting the row cancels it (0016). */
export interface PendingEmailChangeTable {
  user_id: string;
  new_email: string;
  link_hash: string;
  requested_at: Timestamp;
}

/** An address the account had until `replaced_at`: told of recovery mail for 7 days (0016). */
export interface ReplacedEmailTable {
  user_id: string;
  email: string;
  replaced_at: Timestamp;
}

export interface Database {
  user: UserTable;
  session: SessionTable;
  account: AccountTable;
  verification: VerificationTable;
  todo: TodoTable;
  outbox: OutboxTable;
  jwks: JwksTable;
  auth_event: AuthEventTable;
  retired_session_token: RetiredSessionTokenTable;
  user_device: UserDeviceTable;
  sign_in_address: SignInAddressTable;
  twoFactor: TwoFactorTable;
  passkey: PasskeyTable;
  todo_change_version: TodoChangeVersionTable;
  used_totp_code: UsedTotpCodeTable;
  pending_email_change: PendingEmailChangeTable;
  replaced_email: ReplacedEmailTable;
}

export type TodoRow = Selectable<TodoTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
