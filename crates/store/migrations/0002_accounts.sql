-- Accounts, sessions and the rest of DESIGN.md §4.8. Secrets (session ids, one-time and
-- API tokens) are stored only as SHA-256 hashes; passwords only as argon2id hashes.

CREATE TABLE accounts (
    id {ID},
    -- The sign-in name: a lower-case e-mail address or a mobile number's digits.
    sign_in TEXT UNIQUE,
    email TEXT,
    phone TEXT,
    name TEXT NOT NULL,
    password_hash TEXT,
    role TEXT NOT NULL,
    -- pending (waits for an officer's verification or for a password), active, disabled, erased
    status TEXT NOT NULL,
    provinces TEXT NOT NULL,
    region TEXT,
    provider_id BIGINT REFERENCES providers(id),
    provider_manager BIGINT NOT NULL,
    agency TEXT,
    consent_version TEXT,
    consent_at TEXT,
    verified_by BIGINT,
    verified_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX accounts_role_status ON accounts(role, status);

-- Which accounts act for an enterprise (its owner and helpers).
CREATE TABLE enterprise_members (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (enterprise_id, account_id)
);
CREATE INDEX enterprise_members_account ON enterprise_members(account_id);

-- Enterprises a partner department nominated to the programme.
CREATE TABLE nominations (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    agency TEXT NOT NULL,
    account_id BIGINT REFERENCES accounts(id),
    at TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, agency)
);
CREATE INDEX nominations_agency ON nominations(agency);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE sign_in_failures (
    id {ID},
    account_key TEXT NOT NULL,
    ip TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(account_key, at);
CREATE INDEX sign_in_failures_ip ON sign_in_failures(ip, at);

-- Password-reset and invitation links.
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

-- Messages waiting for a sender; while no mail server is configured an admin reads them here.
CREATE TABLE outbox (
    id {ID},
    account_id BIGINT REFERENCES accounts(id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
);

-- Tokens for other government systems: a role and scope of their own.
CREATE TABLE api_tokens (
    id {ID},
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    role TEXT NOT NULL,
    provinces TEXT NOT NULL,
    region TEXT,
    provider_id BIGINT REFERENCES providers(id),
    agency TEXT,
    created_by BIGINT REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

ALTER TABLE audit_log ADD COLUMN account_id BIGINT;
ALTER TABLE audit_log ADD COLUMN ip TEXT;
CREATE INDEX audit_log_at ON audit_log(at);
