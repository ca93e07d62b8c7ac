-- The workflow (DESIGN.md §4.3): coupon rounds, the budget ledger, referrals, projects
-- (engagements) with milestones and deliverables, coupons, outcomes, and each need's timeline.
-- Money is in satang (BIGINT). Statuses are the domain's codes.

CREATE TABLE rounds (
    id {ID},
    name TEXT NOT NULL,
    fiscal_year BIGINT NOT NULL,
    stages TEXT NOT NULL,
    categories TEXT NOT NULL,
    ceiling BIGINT NOT NULL CHECK (ceiling > 0),
    copay_bp BIGINT NOT NULL CHECK (copay_bp BETWEEN 0 AND 10000),
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    entrepreneurs_may_refer BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX rounds_fiscal_year ON rounds(fiscal_year);

-- One account per round, kind (source, available, committed, payable, paid) and holder
-- (national, region:north, province:51, provider:3). `balance` is the sum of the account's
-- entries, kept in step by the same transaction; only the source may go below zero.
CREATE TABLE ledger_accounts (
    id {ID},
    round_id BIGINT NOT NULL REFERENCES rounds(id),
    kind TEXT NOT NULL,
    holder TEXT NOT NULL,
    balance BIGINT NOT NULL,
    UNIQUE (round_id, kind, holder),
    CHECK (kind = 'source' OR balance >= 0)
);

CREATE TABLE referrals (
    id {ID},
    need_id BIGINT NOT NULL REFERENCES needs(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    province_code BIGINT NOT NULL REFERENCES provinces(code),
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    sent_by TEXT NOT NULL,
    answered_at TEXT,
    answered_by TEXT,
    start_on TEXT,
    reason TEXT
);
CREATE INDEX referrals_need ON referrals(need_id);
CREATE INDEX referrals_provider_status ON referrals(provider_id, status);
CREATE INDEX referrals_province_status ON referrals(province_code, status);
CREATE INDEX referrals_service ON referrals(service_id);

CREATE TABLE engagements (
    id {ID},
    referral_id BIGINT NOT NULL UNIQUE REFERENCES referrals(id),
    need_id BIGINT NOT NULL REFERENCES needs(id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    province_code BIGINT NOT NULL REFERENCES provinces(code),
    status TEXT NOT NULL,
    start_on TEXT NOT NULL,
    report TEXT,
    reported_on TEXT,
    return_reason TEXT,
    accepted_on TEXT,
    claimed_on TEXT,
    paid_on TEXT,
    closed_on TEXT,
    follow_up_due TEXT,
    cancel_reason TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX engagements_provider_status ON engagements(provider_id, status);
CREATE INDEX engagements_province_status ON engagements(province_code, status);
CREATE INDEX engagements_enterprise ON engagements(enterprise_id);

CREATE TABLE coupons (
    id {ID},
    round_id BIGINT NOT NULL REFERENCES rounds(id),
    engagement_id BIGINT NOT NULL REFERENCES engagements(id),
    need_id BIGINT NOT NULL REFERENCES needs(id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    province_code BIGINT NOT NULL REFERENCES provinces(code),
    price_item TEXT NOT NULL,
    price BIGINT NOT NULL CHECK (price > 0),
    copay BIGINT NOT NULL CHECK (copay >= 0),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    -- The holder whose budget pays: province:NN, or provider:ID when the round allocated
    -- the provider its own budget.
    funded_by TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    applied_on TEXT NOT NULL,
    applied_by TEXT NOT NULL,
    decided_on TEXT,
    decided_by TEXT,
    updated_at TEXT NOT NULL,
    CHECK (price = copay + amount)
);
CREATE INDEX coupons_engagement ON coupons(engagement_id);
CREATE INDEX coupons_round_enterprise ON coupons(round_id, enterprise_id);
CREATE INDEX coupons_province_status ON coupons(province_code, status);

-- What each enterprise holds of a round's ceiling (approved, payable and paid coupons),
-- changed by one conditional UPDATE so that concurrent approvals cannot pass the ceiling.
CREATE TABLE round_holdings (
    round_id BIGINT NOT NULL REFERENCES rounds(id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    held BIGINT NOT NULL CHECK (held >= 0),
    PRIMARY KEY (round_id, enterprise_id)
);

-- Append-only: corrections are new transactions, never edits.
CREATE TABLE ledger_transactions (
    id {ID},
    round_id BIGINT NOT NULL REFERENCES rounds(id),
    kind TEXT NOT NULL,
    coupon_id BIGINT REFERENCES coupons(id),
    memo TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX ledger_transactions_round ON ledger_transactions(round_id);
CREATE INDEX ledger_transactions_coupon ON ledger_transactions(coupon_id);

CREATE TABLE ledger_entries (
    id {ID},
    transaction_id BIGINT NOT NULL REFERENCES ledger_transactions(id),
    account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
    amount BIGINT NOT NULL CHECK (amount <> 0)
);
CREATE INDEX ledger_entries_transaction ON ledger_entries(transaction_id);
CREATE INDEX ledger_entries_account ON ledger_entries(account_id);

CREATE TABLE milestones (
    id {ID},
    engagement_id BIGINT NOT NULL REFERENCES engagements(id),
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX milestones_engagement ON milestones(engagement_id);

-- Uploaded evidence, kept in the database (the one source of truth for every instance).
CREATE TABLE deliverables (
    id {ID},
    engagement_id BIGINT NOT NULL REFERENCES engagements(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content {BLOB} NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX deliverables_engagement ON deliverables(engagement_id);

CREATE TABLE outcomes (
    id {ID},
    engagement_id BIGINT NOT NULL REFERENCES engagements(id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    stage TEXT NOT NULL,
    certifications TEXT NOT NULL,
    stars_before BIGINT,
    stars_after BIGINT,
    revenue_before BIGINT,
    revenue_after BIGINT,
    jobs_before BIGINT,
    jobs_after BIGINT,
    new_products BIGINT NOT NULL,
    new_markets TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    UNIQUE (engagement_id, stage)
);

-- Each need's history, written with every step of the workflow.
CREATE TABLE need_events (
    id {ID},
    need_id BIGINT NOT NULL REFERENCES needs(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,
    referral_id BIGINT,
    engagement_id BIGINT,
    coupon_id BIGINT
);
CREATE INDEX need_events_need ON need_events(need_id, id);
